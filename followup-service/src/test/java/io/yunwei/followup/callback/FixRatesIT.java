package io.yunwei.followup.callback;

import static io.yunwei.chassis.testkit.Callers.agent;
import static io.yunwei.chassis.testkit.Callers.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;

/** The supervisor reads the fix rates follow-up keeps as closures arrive. */
@IntegrationTest
@AutoConfigureMockMvc
class FixRatesIT {

    private static final TestEvents intake = TestInfrastructure.get().events();

    @Autowired
    MockMvc mvc;

    @Test
    void countsAFirstClosureInTheSupervisorsFixRates() throws Exception {
        String before = rates();
        long closures = JsonPath.<Number>read(before, "$.closures").longValue();
        long firstClosures = JsonPath.<Number>read(before, "$.firstClosures").longValue();

        Closures.close(intake, UUID.randomUUID().toString(), 1, "eng-wang", 2);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String after = rates();
            assertThat(JsonPath.<Number>read(after, "$.closures").longValue()).isGreaterThan(closures);
            assertThat(JsonPath.<Number>read(after, "$.firstClosures").longValue()).isGreaterThan(firstClosures);
            assertThat(JsonPath.<Number>read(after, "$.firstTimeFixRate").doubleValue()).isBetween(0.0, 1.0);
        });
    }

    @Test
    void keepsTheFixRatesFromAgents() throws Exception {
        mvc.perform(get("/api/v1/supervisor/fix-rates").with(agent())).andExpect(status().isForbidden());
    }

    private String rates() throws Exception {
        return mvc.perform(get("/api/v1/supervisor/fix-rates").with(role("SUPERVISOR"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }
}
