package io.yunwei.followup.callback;

import static io.yunwei.chassis.testkit.Callers.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
@AutoConfigureMockMvc
class RevisitOutcomeIT {

    private static final TestEvents intake = TestInfrastructure.get().events();
    private static final TopicProbe followupEvents = TestInfrastructure.get().probe("followup.events");

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry meters;

    @Test
    void aStableFixCompletesTheRevisitWithoutRecurrence() throws Exception {
        String ticket = closedTicket();

        outcome(ticket + "-R1", "{\"faultRecurred\":false,\"note\":\"运行稳定\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("DONE")).andExpect(jsonPath("$.outcome.result").value("STABLE"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(followupEvents.typesOf(ticket))
                .contains("revisit.completed.v1").doesNotContain("fault.recurred.v1"));
    }

    @Test
    void aRecurrenceFoundOnTheRevisitReopensTheTicketAndCountsAgainstTheFixRate() throws Exception {
        String ticket = closedTicket();
        double recurrencesBefore = recurrences();

        outcome(ticket + "-R1", "{\"faultRecurred\":true,\"note\":\"UPS 再次告警\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome.result").value("RECURRED"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(followupEvents.typesOf(ticket))
                .containsSubsequence("revisit.completed.v1", "fault.recurred.v1"));
        assertThat(recurrences()).isEqualTo(recurrencesBefore + 1);
        assertThat(meters.get("yunwei.followup.repeat.fault.rate").gauge().value()).isBetween(0.0, 1.0);
        assertThat(meters.get("yunwei.followup.first.time.fix.rate").gauge().value()).isBetween(0.0, 1.0);
        mvc.perform(get("/api/v1/callbacks").param("ticketId", ticket).with(agent()))
                .andExpect(jsonPath("$[0].status").value("CANCELLED"));
    }

    @Test
    void anInspectionTheCustomerAsksForIsRecordedWithoutReopening() throws Exception {
        String ticket = closedTicket();

        outcome(ticket + "-R1", "{\"faultRecurred\":false,\"inspectionRequested\":true,\"note\":\"请派人上门检查\"}")
                .andExpect(jsonPath("$.outcome.result").value("INSPECTION_REQUESTED"));
        outcome(ticket + "-R1", "{\"faultRecurred\":true}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("FOLLOWUP_FINISHED"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(followupEvents.typesOf(ticket))
                .contains("revisit.completed.v1").doesNotContain("fault.recurred.v1"));
    }

    @Test
    void refusesUnknownFieldsInTheOutcome() throws Exception {
        String ticket = closedTicket();

        outcome(ticket + "-R1", "{\"faultRecurred\":false,\"score\":3}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("UNKNOWN_FIELD"));
    }

    private double recurrences() {
        return meters.find("yunwei.followup.recurrences").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private String closedTicket() {
        String ticket = UUID.randomUUID().toString();
        Closures.close(intake, ticket, 1, "eng-wang", 1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> mvc
                .perform(get("/api/v1/revisits").param("ticketId", ticket).with(agent()))
                .andExpect(jsonPath("$.length()").value(1)));
        return ticket;
    }

    private ResultActions outcome(String revisitId, String json) throws Exception {
        return mvc.perform(post("/api/v1/revisits/{id}/outcome", revisitId).with(agent())
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }
}
