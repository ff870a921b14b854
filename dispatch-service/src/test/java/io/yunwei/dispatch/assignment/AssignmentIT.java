package io.yunwei.dispatch.assignment;

import static io.yunwei.chassis.testkit.Callers.engineer;
import static io.yunwei.chassis.testkit.Callers.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
@AutoConfigureMockMvc
class AssignmentIT {

    private static final TestEvents intake = TestInfrastructure.get().events();
    private static final TopicProbe dispatchEvents = TestInfrastructure.get().probe("dispatch.events");

    @Autowired
    MockMvc mvc;

    String area;
    String busy;
    String free;

    @BeforeEach
    void twoEngineersInAnArea() throws Exception {
        area = "A" + UUID.randomUUID().toString().substring(0, 6);
        busy = "e-" + UUID.randomUUID().toString().substring(0, 8);
        free = "e-" + UUID.randomUUID().toString().substring(0, 8);
        addEngineer(busy, 1, "PRINTER");
        addEngineer(free, 3, "PRINTER");
    }

    @Test
    void givesTheTicketToTheEligibleEngineerWithMostFreeCapacityAndExplainsWhy() throws Exception {
        String ticket = opened("PRINTER");

        String dispatch = awaitDispatchOf(ticket);
        mvc.perform(get("/api/v1/dispatches/{id}", dispatch).with(role("DISPATCHER")))
                .andExpect(jsonPath("$.engineerId").value(free))
                .andExpect(jsonPath("$.explanation.chosen").value(free))
                .andExpect(jsonPath("$.explanation.candidates[?(@.engineerId == '%s')].eligible".formatted(busy)).value(true))
                .andExpect(jsonPath("$.explanation.reason").value(Matchers.startsWith("highest score")));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(dispatchEvents.typesOf(ticket)).containsExactly("dispatch.assigned.v1"));
    }

    @Test
    void neverPutsAnEngineerOverCapacityAndEscalatesWhatNobodyCanTake() throws Exception {
        List<String> tickets = List.of(opened("PRINTER"), opened("PRINTER"), opened("PRINTER"), opened("PRINTER"),
                opened("PRINTER"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tickets)
                .allSatisfy(t -> assertThat(dispatchEvents.typesOf(t)).hasSize(1)));
        assertThat(tickets.stream().map(dispatchEvents::typesOf).flatMap(List::stream))
                .containsExactlyInAnyOrder("dispatch.assigned.v1", "dispatch.assigned.v1", "dispatch.assigned.v1",
                        "dispatch.assigned.v1", "dispatch.escalated.v1");
        mvc.perform(get("/api/v1/engineers/{id}", busy).with(role("SUPERVISOR"))).andExpect(jsonPath("$.active.length()").value(1));
        mvc.perform(get("/api/v1/engineers/{id}", free).with(role("SUPERVISOR"))).andExpect(jsonPath("$.active.length()").value(3));
    }

    @Test
    void letsOnlyTheAssignedEngineerSeeAndAcceptTheDispatch() throws Exception {
        String ticket = opened("PRINTER");
        String dispatch = awaitDispatchOf(ticket);

        mvc.perform(post("/api/v1/dispatches/{id}/acceptance", dispatch).with(engineer(busy))).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/dispatches/{id}/acceptance", dispatch).with(engineer(free)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("ACCEPTED"));
        mvc.perform(post("/api/v1/dispatches/{id}/acceptance", dispatch).with(engineer(free)))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("ILLEGAL_TRANSITION"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(dispatchEvents.typesOf(ticket))
                .containsExactly("dispatch.assigned.v1", "dispatch.accepted.v1"));
    }

    @Test
    void givesCapacityBackWhenTheVisitIsDone() throws Exception {
        String ticket = opened("PRINTER");
        String dispatch = awaitDispatchOf(ticket);
        intake.send("field.events", "visit.completed.v1", ticket, 1,
                "{\"dispatchId\":\"%s\",\"outcome\":\"RESOLVED\"}".formatted(dispatch));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> mvc.perform(get("/api/v1/dispatches/{id}", dispatch)
                .with(role("DISPATCHER"))).andExpect(jsonPath("$.status").value("COMPLETED")));
        mvc.perform(get("/api/v1/engineers/{id}", free).with(role("SUPERVISOR"))).andExpect(jsonPath("$.active.length()").value(0));
    }

    @Test
    void givesCapacityBackWhenTheTicketIsCancelled() throws Exception {
        String ticket = opened("PRINTER");
        String dispatch = awaitDispatchOf(ticket);
        intake.send("intake.events", "ticket.cancelled.v1", ticket, 4, "{\"ticketId\":\"%s\"}".formatted(ticket));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> mvc.perform(get("/api/v1/dispatches/{id}", dispatch)
                .with(role("DISPATCHER"))).andExpect(jsonPath("$.status").value("CANCELLED")));
        mvc.perform(get("/api/v1/engineers/{id}", free).with(role("SUPERVISOR"))).andExpect(jsonPath("$.active.length()").value(0));
    }

    @Test
    void anEngineerWhoMarksThemselvesUnavailableIsPassedOver() throws Exception {
        mvc.perform(put("/api/v1/engineers/{id}/availability", free).with(engineer(free))
                .contentType(MediaType.APPLICATION_JSON).content("{\"available\":false}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.available").value(false));
        mvc.perform(put("/api/v1/engineers/{id}/availability", free).with(engineer(busy))
                .contentType(MediaType.APPLICATION_JSON).content("{\"available\":true}"))
                .andExpect(status().isNotFound());

        String ticket = opened("PRINTER");
        String dispatch = ticket + "-D1";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> mvc.perform(get("/api/v1/dispatches/{id}", dispatch)
                .with(role("DISPATCHER"))).andExpect(jsonPath("$.engineerId").value(busy))
                .andExpect(jsonPath("$.explanation.candidates[?(@.engineerId == '%s')].ruledOutBecause[0]".formatted(free))
                        .value("not available")));
    }

    @Test
    void passesOverAnEngineerWhoIsNotOnShiftBeforeTheArrivalTargetAndSaysSo() throws Exception {
        String offShift = "e-" + UUID.randomUUID().toString().substring(0, 8);
        DayOfWeek inTwoDays = ZonedDateTime.now(ZoneId.of("Asia/Shanghai")).plusDays(2).getDayOfWeek();
        mvc.perform(post("/api/v1/engineers").with(role("SUPERVISOR")).contentType(MediaType.APPLICATION_JSON).content("""
                {"id":"%s","name":"夜班工程师","skills":[{"category":"PRINTER","level":5}],"areas":["%s"],"capacity":5,
                 "zone":"Asia/Shanghai","shifts":[{"day":"%s","start":"09:00","end":"10:00"}]}"""
                .formatted(offShift, area, inTwoDays)))
                .andExpect(status().isCreated());
        String ticket = UUID.randomUUID().toString();
        intake.send("intake.events", "ticket.opened.v1", ticket, 3, """
                {"ticketId":"%s","customerId":"acme","siteId":"hq","areaCode":"%s","assetCategories":["PRINTER"],
                 "priority":"P2","sla":{"arrivalDue":"%s"}}""".formatted(ticket, area, Instant.now().plus(Duration.ofHours(4))));

        String dispatch = awaitDispatchOf(ticket);
        mvc.perform(get("/api/v1/dispatches/{id}", dispatch).with(role("DISPATCHER")))
                .andExpect(jsonPath("$.engineerId").value(free))
                .andExpect(jsonPath("$.explanation.candidates[?(@.engineerId == '%s')].ruledOutBecause[0]".formatted(offShift))
                        .value(Matchers.hasItem(Matchers.startsWith("not on shift before the arrival target"))))
                .andExpect(jsonPath("$.explanation.candidates[?(@.engineerId == '%s')].lostBecause".formatted(busy))
                        .value(Matchers.hasItem(Matchers.containsString(free))));
    }

    private String opened(String category) {
        String ticket = UUID.randomUUID().toString();
        intake.send("intake.events", "ticket.opened.v1", ticket, 3, """
                {"ticketId":"%s","customerId":"acme","siteId":"hq","areaCode":"%s","assetCategories":["%s"],"priority":"P2"}"""
                .formatted(ticket, area, category));
        return ticket;
    }

    private String awaitDispatchOf(String ticket) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            String body = mvc.perform(get("/api/v1/dispatches").param("engineerId", free).with(role("DISPATCHER")))
                    .andReturn().getResponse().getContentAsString();
            List<String> ids = JsonPath.read(body, "$[?(@.ticketId == '%s')].id".formatted(ticket));
            return ids.isEmpty() ? null : ids.getFirst();
        }, id -> id != null);
    }

    private void addEngineer(String id, int capacity, String skill) throws Exception {
        mvc.perform(post("/api/v1/engineers").with(role("SUPERVISOR")).contentType(MediaType.APPLICATION_JSON).content("""
                {"id":"%s","name":"工程师 %s","phone":"+86 138 0000 0000","skills":[{"category":"%s","level":3}],
                 "areas":["%s"],"capacity":%d}""".formatted(id, id, skill, area, capacity)))
                .andExpect(status().isCreated());
    }
}
