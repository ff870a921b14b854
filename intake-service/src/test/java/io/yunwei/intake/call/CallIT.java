package io.yunwei.intake.call;

import static io.yunwei.chassis.testkit.Callers.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.testkit.IntegrationTest;

@IntegrationTest
@AutoConfigureMockMvc
class CallIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry meters;

    @Test
    void measuresACallAnsweredWithinThreeRings() throws Exception {
        double before = answered("true");

        call(UUID.randomUUID().toString(), "2026-11-25T09:00:00+08:00", "2026-11-25T09:00:12+08:00")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.answerSeconds").value(12.0))
                .andExpect(jsonPath("$.withinThreeRings").value(true));

        assertThat(answered("true")).isEqualTo(before + 1);
        assertThat(meters.get("yunwei.calls.answer.time").timer().count()).isPositive();
    }

    @Test
    void countsACallAnsweredAfterThreeRingsAgainstTheTarget() throws Exception {
        double before = answered("false");

        call(UUID.randomUUID().toString(), "2026-11-25T09:00:00+08:00", "2026-11-25T09:00:16+08:00")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.withinThreeRings").value(false));

        assertThat(answered("false")).isEqualTo(before + 1);
        assertThat(meters.get("yunwei.calls.three.rings.share").gauge().value()).isLessThan(1.0);
    }

    @Test
    void measuresACallReportedTwiceOnce() throws Exception {
        String id = UUID.randomUUID().toString();
        call(id, "2026-11-25T09:00:00+08:00", "2026-11-25T09:00:05+08:00").andExpect(status().isCreated());
        double before = answered("true");

        call(id, "2026-11-25T09:00:00+08:00", "2026-11-25T09:00:05+08:00").andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").value(id));

        assertThat(answered("true")).isEqualTo(before);
    }

    @Test
    void refusesACallAnsweredBeforeItRang() throws Exception {
        call(UUID.randomUUID().toString(), "2026-11-25T09:00:10+08:00", "2026-11-25T09:00:00+08:00")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("answeredAt"));
    }

    private ResultActions call(String id, String ringingAt, String answeredAt) throws Exception {
        return mvc.perform(post("/api/v1/calls").with(agent()).contentType(MediaType.APPLICATION_JSON).content("""
                {"id":"%s","ringingAt":"%s","answeredAt":"%s","endedAt":"2026-11-25T09:05:00+08:00",
                 "agentId":"agent-007","callerNumber":"+86 21 5555 0101"}""".formatted(id, ringingAt, answeredAt)));
    }

    private double answered(String withinThreeRings) {
        return meters.get("yunwei.calls.answered").tag("within_three_rings", withinThreeRings).counter().count();
    }
}
