package io.yunwei.dispatch.assignment;

import static io.yunwei.chassis.testkit.Callers.engineer;
import static io.yunwei.dispatch.assignment.Desk.dispatchId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;
import io.yunwei.dispatch.assignment.DispatchTimings.Stage;

@IntegrationTest
@AutoConfigureMockMvc
class DispatchTimingsIT {

    private static final TestEvents events = TestInfrastructure.get().events();
    private static final TopicProbe dispatchEvents = TestInfrastructure.get().probe("dispatch.events");

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry meters;

    Desk desk;

    @BeforeEach
    void aDesk() {
        desk = new Desk(mvc, events, dispatchEvents);
    }

    @Test
    void registersEveryStageForEveryPriorityAsAHistogramBeforeAnyTicket() {
        for (Stage stage : Stage.values()) {
            for (String priority : DispatchTimings.PRIORITIES) {
                Timer timer = timer(stage, priority);
                assertThat(timer).as(stage + " " + priority).isNotNull();
                assertThat(timer.takeSnapshot().histogramCounts()).as("percentile histogram buckets").isNotEmpty();
            }
        }
    }

    @Test
    void countsDecisionsByOutcomeFromZeroAndTheFirstAssignmentOfATicket() throws Exception {
        for (String outcome : DispatchTimings.OUTCOMES) {
            assertThat(meters.find(DispatchTimings.DECISIONS).tag("outcome", outcome).counter()).as(outcome).isNotNull();
        }
        desk.engineer(1);
        double assigned = meters.get(DispatchTimings.DECISIONS).tag("outcome", "assigned").counter().count();

        desk.awaitDispatch(dispatchId(desk.opened("P3"), 1));

        // counted just after the dispatch is saved
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.get(DispatchTimings.DECISIONS)
                .tag("outcome", "assigned").counter().count() > assigned);
    }

    @Test
    void timesAssignmentAcceptanceFirstReachedContactAndArrivalOfATicket() throws Exception {
        String engineerId = desk.engineer(2);
        long assigned = count(Stage.ASSIGN);
        long accepted = count(Stage.ACCEPT);
        long contacted = count(Stage.FIRST_CONTACT);
        long arrived = count(Stage.ARRIVAL);

        String ticket = desk.opened("P4");
        String dispatch = dispatchId(ticket, 1);
        desk.awaitDispatch(dispatch);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(Stage.ASSIGN) > assigned);

        mvc.perform(post("/api/v1/dispatches/{id}/acceptance", dispatch).with(engineer(engineerId)))
                .andExpect(status().isOk());
        assertThat(count(Stage.ACCEPT)).isEqualTo(accepted + 1);

        contact(dispatch, engineerId, "NO_ANSWER");
        assertThat(count(Stage.FIRST_CONTACT)).as("an unanswered call is no contact yet").isEqualTo(contacted);
        contact(dispatch, engineerId, "REACHED");
        contact(dispatch, engineerId, "REACHED");
        assertThat(count(Stage.FIRST_CONTACT)).as("only the first call that reached the customer")
                .isEqualTo(contacted + 1);

        checkIn(ticket, 1, dispatch, engineerId);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(Stage.ARRIVAL) == arrived + 1);
        assertThat(timer(Stage.ARRIVAL, "P4").max(TimeUnit.MILLISECONDS)).isPositive();
    }

    @Test
    void ignoresTheArrivalOfADispatchItDoesNotKnow() throws Exception {
        String engineerId = desk.engineer(1);
        String ticket = desk.opened("P4");
        String dispatch = dispatchId(ticket, 1);
        desk.awaitDispatch(dispatch);
        long arrived = count(Stage.ARRIVAL);

        checkIn(ticket, 1, ticket + "-D9", engineerId);
        // same ticket, same partition: once the known check-in counts, the unknown one before it was passed over
        checkIn(ticket, 2, dispatch, engineerId);

        await().atMost(Duration.ofSeconds(20)).until(() -> count(Stage.ARRIVAL) > arrived);
        assertThat(count(Stage.ARRIVAL)).isEqualTo(arrived + 1);
    }

    private static void checkIn(String ticket, long sequence, String dispatch, String engineerId) {
        events.send("field.events", "visit.checked-in.v1", ticket, sequence, """
                {"ticketId":"%s","visitId":"%s-V1","dispatchId":"%s","engineerId":"%s","checkedInAt":"%s"}"""
                .formatted(ticket, ticket, dispatch, engineerId, Instant.now()));
    }

    private void contact(String dispatch, String engineerId, String outcome) throws Exception {
        mvc.perform(post("/api/v1/dispatches/{id}/contact-attempts", dispatch).with(engineer(engineerId))
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"at":"%s","outcome":"%s","note":"联系客户"}""".formatted(Instant.now(), outcome)))
                .andExpect(status().isCreated());
    }

    private long count(Stage stage) {
        return timer(stage, "P4").count();
    }

    private Timer timer(Stage stage, String priority) {
        return meters.find(stage.metric).tag("priority", priority).timer();
    }
}
