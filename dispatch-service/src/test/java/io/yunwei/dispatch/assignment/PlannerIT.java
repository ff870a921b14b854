package io.yunwei.dispatch.assignment;

import static io.yunwei.chassis.testkit.Callers.engineer;
import static io.yunwei.chassis.testkit.Callers.role;
import static io.yunwei.dispatch.assignment.Desk.dispatchId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;
import io.yunwei.dispatch.planner.Location;

/** The continuous planner against the real broker and store: what greedy could not place, and sick engineers. */
@IntegrationTest
@AutoConfigureMockMvc
class PlannerIT {

    private static final TestEvents intake = TestInfrastructure.get().events();
    private static final TopicProbe dispatchEvents = TestInfrastructure.get().probe("dispatch.events");
    private static final Duration WITHIN_SECONDS = Duration.ofSeconds(15);

    @Autowired
    MockMvc mvc;

    @Autowired
    DocumentStore store;

    Desk desk;

    @BeforeEach
    void desk() {
        desk = new Desk(mvc, intake, dispatchEvents);
    }

    @Test
    void placesAWaitingTicketAsSoonAsCapacityComesBack() throws Exception {
        String only = desk.engineer(1);
        String first = desk.opened("P3");
        desk.awaitDispatch(dispatchId(first, 1));
        String waiting = desk.opened("P1");
        await().atMost(WITHIN_SECONDS).until(() -> desk.types(waiting).contains("dispatch.escalated.v1"));

        intake.send("field.events", "visit.completed.v1", first, 1,
                "{\"dispatchId\":\"%s\",\"outcome\":\"RESOLVED\"}".formatted(dispatchId(first, 1)));

        await().atMost(WITHIN_SECONDS).untilAsserted(() -> assertThat(desk.types(waiting))
                .containsExactly("dispatch.escalated.v1", "dispatch.assigned.v1"));
        assertThat(desk.engineerOf(dispatchId(waiting, 1))).isEqualTo(only);
    }

    @Test
    void explainsAPlannedAssignmentInADispatchersWords() throws Exception {
        desk.engineer(1);
        String first = desk.opened("P3");
        desk.awaitDispatch(dispatchId(first, 1));
        String waiting = desk.opened("P2");
        await().atMost(WITHIN_SECONDS).until(() -> desk.types(waiting).contains("dispatch.escalated.v1"));

        intake.send("field.events", "visit.completed.v1", first, 1,
                "{\"dispatchId\":\"%s\",\"outcome\":\"RESOLVED\"}".formatted(dispatchId(first, 1)));

        await().atMost(WITHIN_SECONDS).until(() -> desk.types(waiting).contains("dispatch.assigned.v1"));
        String reason = JsonPath.read(desk.awaitDispatch(dispatchId(waiting, 1)), "$.explanation.reason");
        assertThat(reason).startsWith("planned: ").contains("no SLA arrival target")
                .contains("the only engineer with the PRINTER skill covering " + desk.area)
                .contains("(score: ");
    }

    @Test
    void movesUnacceptedWorkOffAnEngineerWhoFallsSickAndLeavesAcceptedWorkPinned() throws Exception {
        String sick = desk.engineer(2);
        String accepted = desk.opened("P3");
        String unaccepted = desk.opened("P3");
        desk.awaitDispatch(dispatchId(accepted, 1));
        desk.awaitDispatch(dispatchId(unaccepted, 1));
        mvc.perform(post("/api/v1/dispatches/{id}/acceptance", dispatchId(accepted, 1)).with(engineer(sick)))
                .andExpect(status().isOk());
        String colleague = desk.engineer(2);

        mvc.perform(put("/api/v1/engineers/{id}/availability", sick).with(engineer(sick))
                .contentType(MediaType.APPLICATION_JSON).content("{\"available\":false}")).andExpect(status().isOk());

        await().atMost(WITHIN_SECONDS).untilAsserted(() -> assertThat(desk.types(unaccepted)).containsExactly(
                "dispatch.assigned.v1", "dispatch.reassigned.v1", "dispatch.assigned.v1"));
        assertThat(desk.engineerOf(dispatchId(unaccepted, 2))).isEqualTo(colleague);
        assertThat(JsonPath.<String>read(desk.payloads(unaccepted, "dispatch.reassigned.v1").getFirst(), "$.cause"))
                .isEqualTo("ENGINEER_UNAVAILABLE");
        assertThat(desk.types(accepted)).containsExactly("dispatch.assigned.v1", "dispatch.accepted.v1");
        assertThat(desk.engineerOf(dispatchId(accepted, 1))).isEqualTo(sick);
    }

    @Test
    void movesUnacceptedWorkOffAnEngineerWhoseVisitOverrunsAndLeavesAcceptedWorkPinned() throws Exception {
        String busy = desk.engineer(3);
        String onSite = desk.opened("P3");
        String accepted = desk.opened("P3");
        String unaccepted = desk.opened("P2", Instant.now().plus(Duration.ofMinutes(100)));
        for (String ticket : List.of(onSite, accepted)) {
            desk.awaitDispatch(dispatchId(ticket, 1));
            mvc.perform(post("/api/v1/dispatches/{id}/acceptance", dispatchId(ticket, 1)).with(engineer(busy)))
                    .andExpect(status().isOk());
        }
        assertThat(desk.engineerOf(dispatchId(unaccepted, 1))).isEqualTo(busy);
        String colleague = desk.engineer(2);

        // on site since two hours ago: the 90-minute visit has run past its planned end
        intake.send("field.events", "visit.checked-in.v1", onSite, 1, "{\"dispatchId\":\"%s\",\"checkedInAt\":\"%s\"}"
                .formatted(dispatchId(onSite, 1), Instant.now().minus(Duration.ofHours(2))));

        await().atMost(WITHIN_SECONDS).untilAsserted(() -> assertThat(desk.types(unaccepted)).containsExactly(
                "dispatch.assigned.v1", "dispatch.reassigned.v1", "dispatch.assigned.v1"));
        assertThat(desk.engineerOf(dispatchId(unaccepted, 2))).isEqualTo(colleague);
        assertThat(JsonPath.<String>read(desk.payloads(unaccepted, "dispatch.reassigned.v1").getFirst(), "$.cause"))
                .isEqualTo("VISIT_OVERRUN");
        assertThat(desk.types(accepted)).containsExactly("dispatch.assigned.v1", "dispatch.accepted.v1");
        assertThat(desk.types(onSite)).containsExactly("dispatch.assigned.v1", "dispatch.accepted.v1");
    }

    @Test
    void timesTheFirstTripFromTheEngineersHome() throws Exception {
        Location home = new Location(31.2304, 121.4737);
        Location site = new Location(31.2800, 121.5200);
        desk.engineer(1, ",\"homeLocation\":{\"latitude\":%s,\"longitude\":%s}".formatted(home.latitude(),
                home.longitude()));
        String first = desk.opened("P3");
        desk.awaitDispatch(dispatchId(first, 1));
        String waiting = UUID.randomUUID().toString();
        intake.send("intake.events", "ticket.opened.v1", waiting, 3, """
                {"ticketId":"%s","customerId":"acme","siteId":"hq","areaCode":"%s","assetCategories":["PRINTER"],
                 "priority":"P3","siteLocation":{"latitude":%s,"longitude":%s}}"""
                .formatted(waiting, desk.area, site.latitude(), site.longitude()));
        await().atMost(WITHIN_SECONDS).until(() -> desk.types(waiting).contains("dispatch.escalated.v1"));

        intake.send("field.events", "visit.completed.v1", first, 1,
                "{\"dispatchId\":\"%s\",\"outcome\":\"RESOLVED\"}".formatted(dispatchId(first, 1)));

        await().atMost(WITHIN_SECONDS).until(() -> desk.types(waiting).contains("dispatch.assigned.v1"));
        String reason = JsonPath.read(desk.awaitDispatch(dispatchId(waiting, 1)), "$.explanation.reason");
        assertThat(reason).contains("; " + Location.travelMinutes(home, site, 30) + " min travel;");
    }

    @Test
    void keepsTheSiteCoordinatesATicketOpensWithForPlanningTravel() throws Exception {
        desk.engineer(1);
        String ticket = UUID.randomUUID().toString();
        intake.send("intake.events", "ticket.opened.v1", ticket, 3, """
                {"ticketId":"%s","customerId":"acme","siteId":"hq","areaCode":"%s","assetCategories":["PRINTER"],
                 "priority":"P3","siteLocation":{"latitude":31.2304,"longitude":121.4737}}""".formatted(ticket, desk.area));

        desk.awaitDispatch(dispatchId(ticket, 1));

        assertThat(store.find(TicketDispatch.class, ticket).orElseThrow().siteLocation())
                .isEqualTo(new Location(31.2304, 121.4737));
    }

    @Test
    void namesTheRulesThePlanStillBreaks() throws Exception {
        String sick = desk.engineer(1);
        String accepted = desk.opened("P3");
        desk.awaitDispatch(dispatchId(accepted, 1));
        mvc.perform(post("/api/v1/dispatches/{id}/acceptance", dispatchId(accepted, 1)).with(engineer(sick)))
                .andExpect(status().isOk());
        desk.engineer(1);
        String waiting = desk.opened("P3");
        desk.awaitDispatch(dispatchId(waiting, 1));
        String colleague = desk.engineerOf(dispatchId(waiting, 1));
        String later = desk.opened("P4");
        await().atMost(WITHIN_SECONDS).until(() -> desk.types(later).contains("dispatch.escalated.v1"));

        mvc.perform(put("/api/v1/engineers/{id}/availability", sick).with(engineer(sick))
                .contentType(MediaType.APPLICATION_JSON).content("{\"available\":false}")).andExpect(status().isOk());
        intake.send("field.events", "visit.completed.v1", waiting, 1,
                "{\"dispatchId\":\"%s\",\"outcome\":\"RESOLVED\"}".formatted(dispatchId(waiting, 1)));

        await().atMost(WITHIN_SECONDS).until(() -> desk.types(later).contains("dispatch.assigned.v1"));
        String body = desk.awaitDispatch(dispatchId(later, 1));
        assertThat(JsonPath.<String>read(body, "$.engineerId")).isEqualTo(colleague);
        assertThat(JsonPath.<List<String>>read(body, "$.explanation.planIssues"))
                .anySatisfy(issue -> assertThat(issue).startsWith("Capacity: " + sick).contains("(unavailable)"));
    }
}
