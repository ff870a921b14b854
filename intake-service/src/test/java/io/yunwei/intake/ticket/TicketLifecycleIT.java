package io.yunwei.intake.ticket;

import static io.yunwei.chassis.testkit.Callers.agent;
import static io.yunwei.chassis.testkit.Callers.customer;
import static io.yunwei.chassis.testkit.Callers.withoutRoles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.events.EventHeaders;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
@AutoConfigureMockMvc
class TicketLifecycleIT {

    private static final TopicProbe intakeEvents = TestInfrastructure.get().probe("intake.events");
    private static final TestEvents otherServices = TestInfrastructure.get().events();

    @Autowired
    MockMvc mvc;

    String customerId;

    @BeforeEach
    void customerWithSite() throws Exception {
        customerId = "c" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/api/v1/customers").with(agent()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\":\"%s\",\"name\":\"Acme 制造\"}".formatted(customerId))).andExpect(status().isCreated());
        mvc.perform(post("/api/v1/customers/{id}/sites", customerId).with(agent()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\":\"hq\",\"name\":\"HQ\",\"address\":\"上海市浦东新区 1 号\",\"areaCode\":\"310115\"}"))
                .andExpect(status().isCreated());
    }

    @Test
    void opensACompleteInspectionReportAtOnceAndAnnouncesIt() throws Exception {
        String id = record(inspection("INSPECTION"), "OPEN");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(intakeEvents.typesOf(id))
                .containsExactly("ticket.recorded.v1", "ticket.status-changed.v1", "ticket.opened.v1"));
        List<ConsumerRecord<String, String>> records = intakeEvents.records().stream().filter(r -> id.equals(r.key())).toList();
        assertThat(records).extracting(r -> TopicProbe.header(r, EventHeaders.SEQUENCE)).containsExactly("1", "2", "3");
        assertThat(records).allSatisfy(r -> {
            assertThat(TopicProbe.header(r, EventHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(TopicProbe.header(r, EventHeaders.SOURCE)).isEqualTo("/yunwei/intake-service");
            assertThat(TopicProbe.header(r, EventHeaders.SUBJECT)).isEqualTo(id);
        });
        String opened = records.get(2).value();
        assertThat((String) JsonPath.read(opened, "$.areaCode")).isEqualTo("310115");
        assertThat((String) JsonPath.read(opened, "$.priority")).isEqualTo("P2");
    }

    @Test
    void keepsACustomerCallRecordedUntilTheReadBackIsConfirmed() throws Exception {
        String id = record(inspection("CUSTOMER_CALL"), "RECORDED");

        mvc.perform(post("/api/v1/tickets/{id}/read-back", id).with(agent()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"confirmedBy\":\"张先生\",\"summaryReadBack\":\"打印机卡纸，已复述确认\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("OPEN"))
                .andExpect(jsonPath("$.readBack.confirmedBy").value("张先生"));
        mvc.perform(post("/api/v1/tickets/{id}/read-back", id).with(agent()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"confirmedBy\":\"张先生\",\"summaryReadBack\":\"again\"}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("ILLEGAL_TRANSITION"))
                .andExpect(jsonPath("$.allowedNext").isArray());
    }

    @Test
    void keepsAnIncompleteRecordAndSaysWhatIsMissing() throws Exception {
        String body = """
                {"channel":"CUSTOMER_CALL","customerId":"%s","siteId":"hq",
                 "what":{"symptom":"打印机频繁卡纸"},"where":{"location":"3 楼"}}""".formatted(customerId);
        mvc.perform(post("/api/v1/tickets").with(agent()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.status").value("RECORDED"))
                .andExpect(jsonPath("$.completeness.score").value(0.33))
                .andExpect(jsonPath("$.completeness.missing").value(org.hamcrest.Matchers.contains("WHEN", "WHO", "WHY", "HOW")));
    }

    @Test
    void followsTheOtherServicesToClosureAndDropsDuplicates() throws Exception {
        String id = record(inspection("INSPECTION"), "OPEN");
        String assigned = "{\"ticketId\":\"%s\",\"dispatchId\":\"%s-D1\",\"engineerId\":\"eng-wang\"}".formatted(id, id);
        String eventId = otherServices.send("dispatch.events", "dispatch.assigned.v1", id, 1, assigned);
        otherServices.send("dispatch.events", "dispatch.assigned.v1", id, 1, assigned, eventId);
        otherServices.send("field.events", "visit.checked-in.v1", id, 1, "{\"visitId\":\"%s-V1\"}".formatted(id));
        otherServices.send("field.events", "visit.completed.v1", id, 2,
                "{\"outcome\":\"RESOLVED\",\"serviceFormSigned\":true,\"completedAt\":\"2026-11-25T08:00:00Z\"}");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> mvc.perform(get("/api/v1/tickets/{id}", id).with(agent()))
                .andExpect(jsonPath("$.status").value("CLOSED")).andExpect(jsonPath("$.engineerId").value("eng-wang")));
        String timeline = mvc.perform(get("/api/v1/tickets/{id}/timeline", id).with(agent())).andReturn().getResponse()
                .getContentAsString();
        List<String> types = JsonPath.read(timeline, "$[*].type");
        assertThat(types).containsSubsequence("ticket.opened.v1", "dispatch.assigned.v1", "visit.checked-in.v1",
                "visit.completed.v1", "ticket.closed.v1");
        assertThat(types).filteredOn("dispatch.assigned.v1"::equals).hasSize(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(intakeEvents.typesOf(id)).contains("ticket.closed.v1"));
    }

    @Test
    void findsATicketByTheStartOfItsNumber() throws Exception {
        String id = record(inspection("INSPECTION"), "OPEN");
        String number = JsonPath.read(mvc.perform(get("/api/v1/tickets/{id}", id).with(agent())).andReturn().getResponse()
                .getContentAsString(), "$.number");

        // the list answers from the search index, which shows a write within a second
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> mvc.perform(get("/api/v1/tickets")
                .param("customerId", customerId).param("q", number.toLowerCase()).with(agent()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.content[*].id").value(org.hamcrest.Matchers.contains(id))));
    }

    @Test
    void refusesFieldsItDoesNotKnow() throws Exception {
        mvc.perform(post("/api/v1/tickets").with(agent()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"channel\":\"INSPECTION\",\"customerId\":\"%s\",\"status\":\"CLOSED\"}".formatted(customerId)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("UNKNOWN_FIELD"))
                .andExpect(jsonPath("$.errors[0].field").value("status"));
    }

    @Test
    void hidesAnotherOrganisationsTicket() throws Exception {
        String id = record(inspection("INSPECTION"), "OPEN");
        mvc.perform(get("/api/v1/tickets/{id}", id).with(customer("someone-else"))).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("NOT_FOUND"));
        mvc.perform(get("/api/v1/tickets/{id}", id).with(customer(customerId))).andExpect(status().isOk());
    }

    @Test
    void showsATokenWithoutRolesNoTicketNorItsTimeline() throws Exception {
        String id = record(inspection("INSPECTION"), "OPEN");

        for (String path : List.of("/api/v1/tickets", "/api/v1/tickets/" + id, "/api/v1/tickets/" + id + "/timeline")) {
            mvc.perform(get(path).with(withoutRoles())).andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.code").value("FORBIDDEN"));
        }
    }

    private String record(String body, String expectedStatus) throws Exception {
        String response = mvc.perform(post("/api/v1/tickets").with(agent()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.status").value(expectedStatus))
                .andReturn().getResponse().getContentAsString();
        return JsonPath.read(response, "$.id");
    }

    private String inspection(String channel) {
        return """
                {"channel":"%s","customerId":"%s","siteId":"hq",
                 "when":{"occurredAt":"2026-11-25T09:30:00+08:00"},
                 "who":{"reportedBy":"王工","affectedUsers":"财务部"},
                 "where":{"location":"机房 A 排 3 号柜"},
                 "what":{"symptom":"UPS 告警灯闪烁","errorMessages":["E21 battery"]},
                 "why":{"suspectedCause":"电池老化"},
                 "how":{"discoveredHow":"巡检发现","impact":"HIGH","urgency":"MEDIUM"}}""".formatted(channel, customerId);
    }
}
