package io.yunwei.intake.call;

import static io.yunwei.chassis.testkit.Callers.agent;
import static io.yunwei.chassis.testkit.Callers.role;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import io.yunwei.chassis.testkit.IntegrationTest;

/** The supervisor's report of answers within three rings, per agent and per calendar day of the call centre. */
@IntegrationTest
@AutoConfigureMockMvc
class ThreeRingReportIT {

    @Autowired
    MockMvc mvc;

    @Test
    void countsEachAgentsCallsWithinThreeRingsOnTheDaysAsked() throws Exception {
        String agent = "agent." + UUID.randomUUID().toString().substring(0, 8);
        call(agent, "2026-10-01T09:00:00+08:00", "2026-10-01T09:00:05+08:00");
        call(agent, "2026-10-01T10:00:00+08:00", "2026-10-01T10:00:20+08:00");
        call(agent, "2026-10-02T23:30:00+08:00", "2026-10-02T23:30:10+08:00");
        call(agent, "2026-10-02T11:00:00+08:00", null);
        // 00:30 in Shanghai on the 3rd: a day after the report's last
        call(agent, "2026-10-02T16:30:00Z", "2026-10-02T16:30:03Z");

        mvc.perform(get("/api/v1/calls/three-rings").param("from", "2026-10-01").param("to", "2026-10-02")
                        .with(role("SUPERVISOR")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.targetSeconds").value(15.0))
                .andExpect(jsonPath("$.agents[?(@.agentId == '%s')].answered", agent).value(3))
                .andExpect(jsonPath("$.agents[?(@.agentId == '%s')].withinThreeRings", agent).value(2))
                .andExpect(jsonPath("$.agents[?(@.agentId == '%s')].unanswered", agent).value(1))
                .andExpect(jsonPath("$.agents[?(@.agentId == '%s')].share", agent).value(2 / 3.0));
    }

    @Test
    void countsACallReportedTwiceOnce() throws Exception {
        String agent = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        String id = UUID.randomUUID().toString();
        call(id, agent, "2026-10-10T09:00:00+08:00", "2026-10-10T09:00:05+08:00");
        call(id, agent, "2026-10-10T09:00:00+08:00", "2026-10-10T09:00:05+08:00");

        mvc.perform(get("/api/v1/calls/three-rings").param("from", "2026-10-10").param("to", "2026-10-10")
                        .with(role("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.agents[?(@.agentId == '%s')].answered", agent).value(1));
    }

    @Test
    void refusesASpanOverNinetyTwoDaysNamingFrom() throws Exception {
        mvc.perform(get("/api/v1/calls/three-rings").param("from", "2026-01-01").param("to", "2026-06-30")
                        .with(role("SUPERVISOR")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("from"));
    }

    @Test
    void keepsTheReportFromAgents() throws Exception {
        mvc.perform(get("/api/v1/calls/three-rings").with(agent())).andExpect(status().isForbidden());
    }

    private void call(String agent, String ringingAt, String answeredAt) throws Exception {
        call(UUID.randomUUID().toString(), agent, ringingAt, answeredAt);
    }

    private void call(String id, String agent, String ringingAt, String answeredAt) throws Exception {
        mvc.perform(post("/api/v1/calls").with(agent()).contentType(MediaType.APPLICATION_JSON).content("""
                {"id":"%s","ringingAt":"%s",%s"agentId":"%s"}""".formatted(id, ringingAt,
                        answeredAt == null ? "" : "\"answeredAt\":\"" + answeredAt + "\",", agent)))
                .andExpect(status().isCreated());
    }
}
