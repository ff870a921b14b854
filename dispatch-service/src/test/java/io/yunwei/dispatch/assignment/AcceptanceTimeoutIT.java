package io.yunwei.dispatch.assignment;

import static io.yunwei.chassis.testkit.Callers.role;
import static io.yunwei.dispatch.assignment.Desk.dispatchId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.time.Duration;
import java.time.Instant;

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

/** The test configuration gives P1 a two-second acceptance window; P2 keeps its twenty minutes. */
@IntegrationTest
@AutoConfigureMockMvc
class AcceptanceTimeoutIT {

    private static final TestEvents intake = TestInfrastructure.get().events();
    private static final TopicProbe dispatchEvents = TestInfrastructure.get().probe("dispatch.events");

    @Autowired
    MockMvc mvc;

    Desk desk;

    @BeforeEach
    void desk() {
        desk = new Desk(mvc, intake, dispatchEvents);
    }

    @Test
    void anUnansweredDispatchMovesToTheNextCandidateWhenItsPrioritysWindowPasses() throws Exception {
        String silent = desk.engineer(3);
        String next = desk.engineer(2);
        String ticket = desk.opened("P1");
        String first = desk.awaitDispatch(dispatchId(ticket, 1));
        Instant assignedAt = Instant.parse(JsonPath.read(first, "$.assignedAt"));
        assertThat(Instant.parse(JsonPath.<String>read(first, "$.acceptBy"))).isEqualTo(assignedAt.plusSeconds(2));

        assertThat(desk.engineerOf(dispatchId(ticket, 2))).isEqualTo(next);
        mvc.perform(get("/api/v1/dispatches/{id}", dispatchId(ticket, 1)).with(role("DISPATCHER")))
                .andExpect(jsonPath("$.status").value("EXPIRED"));
        assertThat(desk.active(silent)).isZero();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(desk.types(ticket)).startsWith(
                "dispatch.assigned.v1", "dispatch.acceptance-expired.v1", "dispatch.reassigned.v1",
                "dispatch.assigned.v1"));
        assertThat(JsonPath.<String>read(desk.payloads(ticket, "dispatch.reassigned.v1").getFirst(), "$.cause"))
                .isEqualTo("ACCEPTANCE_EXPIRED");
    }

    @Test
    void aTicketNobodyAcceptsThreeTimesIsEscalatedOnce() throws Exception {
        desk.engineer(3);
        desk.engineer(2);
        desk.engineer(1);
        desk.engineer(1);
        String ticket = desk.opened("P1");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(desk.types(ticket))
                .endsWith("dispatch.acceptance-expired.v1", "dispatch.escalated.v1"));
        assertThat(desk.types(ticket)).filteredOn("dispatch.acceptance-expired.v1"::equals).hasSize(3);
        assertThat(desk.types(ticket)).filteredOn("dispatch.escalated.v1"::equals).hasSize(1);
    }
}
