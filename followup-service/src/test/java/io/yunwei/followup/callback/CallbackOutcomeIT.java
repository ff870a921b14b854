package io.yunwei.followup.callback;

import static io.yunwei.chassis.testkit.Callers.agent;
import static io.yunwei.chassis.testkit.Callers.caller;
import static io.yunwei.chassis.testkit.Callers.customer;
import static io.yunwei.chassis.testkit.Callers.engineer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.events.EventHeaders;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
@AutoConfigureMockMvc
class CallbackOutcomeIT {

    private static final TestEvents intake = TestInfrastructure.get().events();
    private static final TopicProbe followupEvents = TestInfrastructure.get().probe("followup.events");

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry meters;

    @Test
    void recordsTheSurveyWhenTheCustomerConfirmsTheFix() throws Exception {
        String ticket = closedTicket();

        outcome(ticket + "-C1", "{\"reached\":true,\"satisfaction\":5,\"resolvedConfirmed\":true,\"comment\":\"很满意\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("DONE"))
                .andExpect(jsonPath("$.outcome.satisfaction").value(5));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(followupEvents.typesOf(ticket))
                .contains("survey.recorded.v1").doesNotContain("fault.recurred.v1"));
        assertThat(payload(ticket, "survey.recorded.v1")).contains("\"satisfaction\":5", "很满意");
    }

    @Test
    void letsTheCustomerAnswerTheSurveyOfTheirOwnClosedTicketOnce() throws Exception {
        String ticket = closedTicket();
        String answer = "{\"satisfaction\":4,\"resolvedConfirmed\":true,\"comment\":\"修好了\"}";
        String key = UUID.randomUUID().toString();

        mvc.perform(post("/api/v1/surveys/{ticketId}", ticket).with(customer("globex"))
                .contentType(MediaType.APPLICATION_JSON).content(answer))
                .andExpect(status().isNotFound());
        survey(ticket, answer, key).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("DONE"))
                .andExpect(jsonPath("$.outcome.satisfaction").value(4));
        survey(ticket, answer, key).andExpect(status().isOk()).andExpect(header().string("Idempotent-Replayed", "true"));
        survey(ticket, answer, UUID.randomUUID().toString()).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("NO_SURVEY_PENDING"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(followupEvents.typesOf(ticket))
                .containsOnlyOnce("survey.recorded.v1"));
    }

    private ResultActions survey(String ticket, String json, String idempotencyKey) throws Exception {
        return mvc.perform(post("/api/v1/surveys/{ticketId}", ticket).with(customer("acme"))
                .header("Idempotency-Key", idempotencyKey).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    @Test
    void neverLetsTheEngineerWhoDidTheWorkRecordTheCallback() throws Exception {
        String ticket = closedTicket();

        mvc.perform(post("/api/v1/callbacks/{id}/outcome", ticket + "-C1").with(caller("agent-7", "AGENT", null, "eng-wang"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"reached\":true,\"satisfaction\":5,\"resolvedConfirmed\":true}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("OWN_WORK_FOLLOWUP"));
        mvc.perform(post("/api/v1/callbacks/{id}/outcome", ticket + "-C1").with(caller("eng-wang", "AGENT", null, null))
                .contentType(MediaType.APPLICATION_JSON).content("{\"reached\":false}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("OWN_WORK_FOLLOWUP"));
        mvc.perform(post("/api/v1/callbacks/{id}/outcome", ticket + "-C1").with(engineer("eng-li"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"reached\":false}"))
                .andExpect(status().isForbidden());
        callback(ticket).andExpect(jsonPath("$[0].attempts").value(0));
    }

    @Test
    void callsAnUnreachedCustomerAgainThenExpiresTheCallback() throws Exception {
        String ticket = closedTicket();
        double expiredBefore = meters.counter("yunwei.followup.callbacks.expired").count();

        outcome(ticket + "-C1", "{\"reached\":false,\"comment\":\"无人接听\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SCHEDULED")).andExpect(jsonPath("$.attempts").value(1))
                .andExpect(jsonPath("$.nextAttemptAt").isNotEmpty());
        outcome(ticket + "-C1", "{\"reached\":false}").andExpect(jsonPath("$.attempts").value(2))
                .andExpect(jsonPath("$.status").value("SCHEDULED"));
        outcome(ticket + "-C1", "{\"reached\":false}").andExpect(jsonPath("$.status").value("EXPIRED"));

        outcome(ticket + "-C1", "{\"reached\":true,\"satisfaction\":4,\"resolvedConfirmed\":true}")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("FOLLOWUP_FINISHED"));
        assertThat(meters.counter("yunwei.followup.callbacks.expired").count()).isEqualTo(expiredBefore + 1);
        mvc.perform(get("/api/v1/callbacks").param("status", "EXPIRED").with(agent()))
                .andExpect(jsonPath("$[?(@.ticketId == '%s')].id".formatted(ticket)).value(ticket + "-C1"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(followupEvents.typesOf(ticket))
                .containsSubsequence("callback.attempted.v1", "callback.attempted.v1", "callback.expired.v1"));
    }

    @Test
    void aFaultTheCustomerStillHasRecursAndTheNextClosureGetsANewCallback() throws Exception {
        String ticket = closedTicket();

        outcome(ticket + "-C1", "{\"reached\":true,\"satisfaction\":2,\"resolvedConfirmed\":false,\"comment\":\"打印机又卡纸了\"}")
                .andExpect(status().isOk());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(followupEvents.typesOf(ticket))
                .containsSubsequence("survey.recorded.v1", "fault.recurred.v1"));
        assertThat(JsonPath.<String>read(payload(ticket, "fault.recurred.v1"), "$.note")).isEqualTo("打印机又卡纸了");
        mvc.perform(get("/api/v1/revisits").param("ticketId", ticket).with(agent()))
                .andExpect(jsonPath("$[0].status").value("CANCELLED"));

        Closures.close(intake, ticket, 2, "eng-li", 2);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> callback(ticket)
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[1].id").value(ticket + "-C2"))
                .andExpect(jsonPath("$[1].cycle").value(2)));
        outcome(ticket + "-C2", "{\"reached\":true,\"satisfaction\":5,\"resolvedConfirmed\":true}")
                .andExpect(jsonPath("$.status").value("DONE"));
    }

    @Test
    void aRetriedRequestWithTheSameIdempotencyKeyCountsOnce() throws Exception {
        String ticket = closedTicket();
        String unreached = "{\"reached\":false,\"comment\":\"忙音\"}";

        outcome(ticket + "-C1", unreached, "call-1").andExpect(jsonPath("$.attempts").value(1));
        outcome(ticket + "-C1", unreached, "call-1").andExpect(status().isOk()).andExpect(jsonPath("$.attempts").value(1))
                .andExpect(header().string("Idempotent-Replayed", "true"));
        outcome(ticket + "-C1", "{\"reached\":false}", "call-1").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_REUSED"));

        outcome(ticket + "-C1", unreached, "call-2").andExpect(jsonPath("$.attempts").value(2))
                .andExpect(header().doesNotExist("Idempotent-Replayed"));
        // a retry is answered with its first answer, not the callback as it stands now
        outcome(ticket + "-C1", unreached, "call-1").andExpect(status().isOk()).andExpect(jsonPath("$.attempts").value(1));
        // keys are the caller's own: another agent's "call-1" is a new request
        mvc.perform(post("/api/v1/callbacks/{id}/outcome", ticket + "-C1").with(caller("agent-2", "AGENT", null, null))
                .header("Idempotency-Key", "call-1").contentType(MediaType.APPLICATION_JSON).content(unreached))
                .andExpect(status().isOk()).andExpect(jsonPath("$.attempts").value(3));
    }

    @Test
    void asksForTheSurveyWhenTheCustomerWasReached() throws Exception {
        String ticket = closedTicket();

        outcome(ticket + "-C1", "{\"reached\":true,\"resolvedConfirmed\":true}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("satisfaction"));
        outcome(ticket + "-C1", "{\"reached\":true,\"satisfaction\":6,\"resolvedConfirmed\":true}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        outcome(ticket + "-C9", "{\"reached\":false}").andExpect(status().isNotFound());
    }

    private String closedTicket() throws Exception {
        String ticket = UUID.randomUUID().toString();
        Closures.close(intake, ticket, 1, "eng-wang", 1);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> callback(ticket).andExpect(jsonPath("$.length()").value(1)));
        return ticket;
    }

    private ResultActions callback(String ticket) throws Exception {
        return mvc.perform(get("/api/v1/callbacks").param("ticketId", ticket).with(agent()));
    }

    private ResultActions outcome(String callbackId, String json) throws Exception {
        return mvc.perform(post("/api/v1/callbacks/{id}/outcome", callbackId).with(agent())
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private ResultActions outcome(String callbackId, String json, String idempotencyKey) throws Exception {
        return mvc.perform(post("/api/v1/callbacks/{id}/outcome", callbackId).with(agent())
                .header("Idempotency-Key", idempotencyKey).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private static String payload(String ticket, String type) {
        List<ConsumerRecord<String, String>> records = followupEvents.records();
        return records.stream().filter(r -> ticket.equals(r.key()) && type.equals(TopicProbe.header(r, EventHeaders.TYPE)))
                .findFirst().orElseThrow().value();
    }
}
