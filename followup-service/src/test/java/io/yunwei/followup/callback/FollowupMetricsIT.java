package io.yunwei.followup.callback;

import static io.yunwei.chassis.testkit.Callers.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;

@IntegrationTest
@AutoConfigureMockMvc
class FollowupMetricsIT {

    private static final TestEvents intake = TestInfrastructure.get().events();

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry meters;

    @Test
    void registersEverySeriesAtStart() {
        assertThat(meters.find("yunwei.followup.callbacks.due").gauge()).isNotNull();
        assertThat(meters.find("yunwei.followup.callbacks.overdue").gauge()).isNotNull();
        assertThat(meters.find("yunwei.followup.callbacks.expired").counter()).isNotNull();
        assertThat(meters.find("yunwei.followup.first.time.fix.rate").gauge()).isNotNull();
        assertThat(meters.find("yunwei.followup.repeat.fault.rate").gauge()).isNotNull();
        assertThat(meters.find("yunwei.followup.surveys").counters()).extracting(c -> c.getId().getTag("satisfaction"))
                .contains("1", "2", "3", "4", "5");
        assertThat(meters.find("yunwei.followup.closures").counters()).extracting(c -> c.getId().getTag("cycle"))
                .contains("first", "repeat");
        assertThat(meters.find("yunwei.followup.recurrences").counters()).extracting(c -> c.getId().getTag("source"))
                .contains("CALLBACK", "REVISIT");
    }

    @Test
    void countsACallbackPastItsGracePeriodAsOverdue() throws Exception {
        String ticket = UUID.randomUUID().toString();
        Closures.close(intake, ticket, 1, "eng-wang", 2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> mvc
                .perform(get("/api/v1/callbacks").param("ticketId", ticket).with(agent()))
                .andExpect(jsonPath("$[0].status").value("OVERDUE")));

        // the worklist is counted at most every ten seconds
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(meters.get("yunwei.followup.callbacks.overdue").gauge().value()).isGreaterThanOrEqualTo(1));
    }
}
