package io.yunwei.followup.callback;

import static io.yunwei.chassis.testkit.Callers.agent;
import static io.yunwei.chassis.testkit.Callers.engineer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
@AutoConfigureMockMvc
class FollowupSchedulingIT {

    private static final TestEvents intake = TestInfrastructure.get().events();
    private static final TopicProbe followupEvents = TestInfrastructure.get().probe("followup.events");

    @Autowired
    MockMvc mvc;

    @Test
    void schedulesOneCallbackAndOneRevisitPerClosureEvenWhenTheClosureArrivesTwice() throws Exception {
        String ticket = UUID.randomUUID().toString();
        String closed = "{\"ticketId\":\"%s\",\"customerId\":\"acme\",\"engineerId\":\"eng-wang\",\"cycle\":1,\"closedAt\":\"2026-11-13T09:00:00Z\"}"
                .formatted(ticket);
        String id = intake.send("intake.events", "ticket.closed.v1", ticket, 9, closed);
        intake.send("intake.events", "ticket.closed.v1", ticket, 9, closed, id);

        // the supervisor's notice comes from the archive's own consumer, so it has no fixed place among these
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(followupEvents.typesOf(ticket).stream().filter(t -> !t.equals("supervisor.notified.v1")))
                    .containsExactly("callback.scheduled.v1", "revisit.scheduled.v1", "incident-report.issued.v1");
            assertThat(followupEvents.typesOf(ticket)).containsOnlyOnce("supervisor.notified.v1");
        });
        // Friday 17:00 in Shanghai plus 24 business hours, long past
        mvc.perform(get("/api/v1/callbacks").param("ticketId", ticket).with(agent())).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].dueAt").value("2026-11-18T06:00:00Z"))
                .andExpect(jsonPath("$[0].status").value("OVERDUE"));
        mvc.perform(get("/api/v1/revisits").param("ticketId", ticket).with(agent()))
                .andExpect(jsonPath("$.length()").value(1)).andExpect(jsonPath("$[0].dueAt").value("2026-11-20T09:00:00Z"));
    }

    @Test
    void keepsTheWorklistFromEngineers() throws Exception {
        mvc.perform(get("/api/v1/callbacks").with(engineer("eng-wang"))).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
    }
}
