package io.yunwei.intake.ticket;

import static io.yunwei.chassis.testkit.Callers.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
@AutoConfigureMockMvc
class TicketAmendmentIT {

    private static final String WHERE = "{\"where\":{\"location\":\"2 号楼 5 层机房\"}}";

    private static final TopicProbe intakeEvents = TestInfrastructure.get().probe("intake.events");
    private static final TestEvents otherServices = TestInfrastructure.get().events();

    @Autowired
    MockMvc mvc;

    Desk desk;

    @BeforeEach
    void freshCustomer() throws Exception {
        desk = new Desk(mvc);
    }

    @Test
    void opensACallMissingWhereOnlyAfterTheAmendmentAndTheReadBack() throws Exception {
        String id = JsonPath.read(desk.record(desk.report("CUSTOMER_CALL", null, "where")).andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("RECORDED"))
                .andExpect(jsonPath("$.completeness.missing").value(contains("WHERE")))
                .andReturn().getResponse().getContentAsString(), "$.id");

        desk.amend(id, desk.etag(id), WHERE).andExpect(status().isOk())
                .andExpect(header().exists("ETag"))
                .andExpect(jsonPath("$.status").value("RECORDED"))
                .andExpect(jsonPath("$.completeness.score").value(1.0))
                .andExpect(jsonPath("$.completeness.missing").isEmpty())
                .andExpect(jsonPath("$.where.location").value("2 号楼 5 层机房"))
                .andExpect(jsonPath("$.blockers").value(contains("READ_BACK_PENDING")));
        desk.readBack(id).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("OPEN"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(intakeEvents.typesOf(id))
                .containsSubsequence("ticket.recorded.v1", "ticket.amended.v1", "ticket.opened.v1"));
        String amended = intakeEvents.records().stream().filter(r -> id.equals(r.key()))
                .filter(r -> "ticket.amended.v1".equals(TopicProbe.header(r, "ce_type"))).findFirst().orElseThrow().value();
        assertThat(JsonPath.<java.util.List<String>>read(amended, "$.changed")).containsExactly("WHERE");
    }

    @Test
    void opensAnInspectionFindingOnceTheAmendmentCompletesIt() throws Exception {
        String id = desk.recorded(desk.report("INSPECTION", null, "why"));

        desk.amend(id, desk.etag(id), "{\"why\":{\"suspectedCause\":\"风扇故障\"}}").andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("OPEN")).andExpect(jsonPath("$.sla.resolutionDue").isNotEmpty());
    }

    @Test
    void asksForANewReadBackWhenTheRecordChangesAfterIt() throws Exception {
        desk.contract("{\"coveredCategories\":[],\"slaTier\":\"SILVER\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
        String id = desk.recorded(desk.report("CUSTOMER_CALL", null));
        desk.readBack(id).andExpect(jsonPath("$.status").value("RECORDED"));

        desk.amend(id, desk.etag(id), WHERE).andExpect(status().isOk()).andExpect(jsonPath("$.readBack").doesNotExist())
                .andExpect(jsonPath("$.blockers").value(contains("READ_BACK_PENDING", "OUTSIDE_CONTRACT")));
    }

    @Test
    void keepsAnOpenTicketsRecordComplete() throws Exception {
        String id = desk.recorded(desk.report("INSPECTION", null));

        desk.amend(id, desk.etag(id), "{\"where\":{\"location\":\"  \"}}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("RECORD_INCOMPLETE"))
                .andExpect(jsonPath("$.missing").value(contains("WHERE")));
    }

    @Test
    void refusesAnAmendmentBasedOnAStaleVersion() throws Exception {
        String id = desk.recorded(desk.report("CUSTOMER_CALL", null, "where"));
        String etag = desk.etag(id);
        desk.amend(id, etag, WHERE).andExpect(status().isOk());

        desk.amend(id, etag, "{\"where\":{\"location\":\"另一个机房\"}}").andExpect(status().isPreconditionFailed())
                .andExpect(jsonPath("$.code").value("PRECONDITION_FAILED"))
                .andExpect(jsonPath("$.currentETag").value(desk.etag(id)));
    }

    @Test
    void saysWhoLastChangedTheRecordAndWhichParts() throws Exception {
        String id = desk.recorded(desk.report("CUSTOMER_CALL", null, "where"));
        mvc.perform(get("/api/v1/tickets/{id}", id).with(agent())).andExpect(jsonPath("$.lastAmended").doesNotExist());

        desk.amend(id, desk.etag(id), "{\"where\":{\"location\":\"2 号楼\"},\"why\":{\"suspectedCause\":\"电池老化\"}}")
                .andExpect(status().isOk());

        mvc.perform(get("/api/v1/tickets/{id}", id).with(agent()))
                .andExpect(jsonPath("$.lastAmended.by").value("agent"))
                .andExpect(jsonPath("$.lastAmended.changed").value(contains("WHERE")))
                .andExpect(jsonPath("$.lastAmended.at").isNotEmpty());
    }

    @Test
    void comparesIfMatchStronglyAndTakesAListOrAStar() throws Exception {
        String id = desk.recorded(desk.report("CUSTOMER_CALL", null, "where"));
        String etag = desk.etag(id);

        // RFC 9110: a weak tag never matches for If-Match, even one naming the current version
        desk.amend(id, "W/" + etag, WHERE).andExpect(status().isPreconditionFailed());
        desk.amend(id, "\"0\", " + etag, WHERE).andExpect(status().isOk());
        desk.amend(id, "*", "{\"where\":{\"location\":\"另一个机房\"}}").andExpect(status().isOk());
    }

    @Test
    void requiresIfMatchToAmend() throws Exception {
        String id = desk.recorded(desk.report("CUSTOMER_CALL", null, "where"));

        desk.amend(id, null, WHERE).andExpect(status().isPreconditionRequired())
                .andExpect(jsonPath("$.code").value("PRECONDITION_REQUIRED"));
    }

    @Test
    void refusesToAmendOnceDispatched() throws Exception {
        String id = desk.recorded(desk.report("INSPECTION", null));
        otherServices.send("dispatch.events", "dispatch.assigned.v1", id, 1, "{\"engineerId\":\"eng-wang\"}");
        desk.awaitStatus(id, "ASSIGNED");

        desk.amend(id, desk.etag(id), WHERE).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("ILLEGAL_TRANSITION")).andExpect(jsonPath("$.currentStatus").value("ASSIGNED"));
    }

    @Test
    void refusesAnAssetOfAnotherCustomerNamingTheField() throws Exception {
        String id = desk.recorded(desk.report("CUSTOMER_CALL", null, "where"));
        String foreign = new Desk(mvc).asset("UPS");

        desk.amend(id, desk.etag(id), "{\"assetIds\":[\"%s\"]}".formatted(foreign))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("UNKNOWN_ASSET"))
                .andExpect(jsonPath("$.field").value("assetIds"));
    }

    @Test
    void cancelsARecordedTicketAndAnnouncesIt() throws Exception {
        String id = desk.recorded(desk.report("CUSTOMER_CALL", null, "where"));

        desk.send(post("/api/v1/tickets/{id}/cancellation", id), "{\"reason\":\"客户来电撤销报修\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("CANCELLED"))
                .andExpect(jsonPath("$.cancelReason").value("客户来电撤销报修"));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(intakeEvents.typesOf(id)).contains("ticket.cancelled.v1"));
    }

    @Test
    void refusesToCancelAVisitInProgressAndSaysWhatMayFollow() throws Exception {
        String id = desk.recorded(desk.report("INSPECTION", null));
        otherServices.send("dispatch.events", "dispatch.assigned.v1", id, 1, "{\"engineerId\":\"eng-wang\"}");
        otherServices.send("field.events", "visit.checked-in.v1", id, 1, "{}");
        desk.awaitStatus(id, "ON_SITE");

        desk.send(post("/api/v1/tickets/{id}/cancellation", id), "{\"reason\":\"不需要了\"}")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("ILLEGAL_TRANSITION"))
                .andExpect(jsonPath("$.allowedNext").value(hasItem("RESOLVED")));
    }

    @Test
    void refusesACancellationWithoutAReason() throws Exception {
        String id = desk.recorded(desk.report("CUSTOMER_CALL", null));

        desk.send(post("/api/v1/tickets/{id}/cancellation", id), "{}").andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
    }
}
