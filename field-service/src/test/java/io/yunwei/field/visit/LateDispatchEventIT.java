package io.yunwei.field.visit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;

import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.LateDelivery;
import io.yunwei.chassis.testkit.LateDelivery.Event;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;

/**
 * A dispatch event re-driven after the ticket's later ones (a dead letter fixed and sent again) plans no visit for
 * a dispatch that was taken away and moves no visit back to an earlier window; what is still true of it is applied.
 */
@IntegrationTest
@AutoConfigureMockMvc
class LateDispatchEventIT {

    private static final TestEvents dispatch = TestInfrastructure.get().events();

    @Autowired
    MongoTemplate mongo;

    @Autowired
    DocumentStore store;

    static Stream<Arguments> lateEvents() {
        return Stream.of(
                Arguments.of("dispatch.assigned after its dispatch was reassigned",
                        List.of(reassigned(2, "D2", "D1"), assigned(3, "D2")), assigned(1, "D1"),
                        List.of("D2 PLANNED")),
                Arguments.of("appointment.booked after the appointment was moved",
                        List.of(assigned(1, "D1"), rescheduled(3, "D1", "2026-12-11T01:00:00Z", 2)),
                        booked(2, "D1", "2026-12-10T01:00:00Z"), List.of("D1 PLANNED 2026-12-11T01:00:00Z")),
                Arguments.of("dispatch.reassigned after a later reassignment",
                        List.of(assigned(1, "D1"), reassigned(3, "D3", "D2"), assigned(4, "D3")),
                        reassigned(2, "D2", "D1"), List.of("D1 CANCELLED", "D3 PLANNED")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lateEvents")
    void plansAndMovesOnlyWhatTheLaterEventsLeftOpen(String scenario, List<Event> later, Event late,
            List<String> visits) {
        String ticket = UUID.randomUUID().toString();
        LateDelivery delivery = new LateDelivery(dispatch, mongo, "field-service");
        delivery.inOrder(ticket, later.stream().map(e -> e.with("TICKET", ticket)).toList());

        delivery.late(ticket, late.with("TICKET", ticket));

        assertThat(visits(ticket)).isEqualTo(visits);
    }

    /** Each visit of the ticket as {@code <dispatch> <status> [<window start>]}. */
    private List<String> visits(String ticket) {
        return store.find(TicketVisits.class, ticket).map(TicketVisits::visits).orElse(List.of()).stream()
                .map(v -> v.dispatchId().substring(ticket.length() + 1) + " " + v.status()
                        + (v.appointment() == null ? "" : " " + v.appointment().windowStart()))
                .toList();
    }

    private static Event assigned(long sequence, String dispatchId) {
        return new Event("dispatch.events", "dispatch.assigned.v1", sequence, """
                {"dispatchId":"TICKET-%s","engineerId":"e-%s","customerId":"acme","siteId":"hq"}"""
                .formatted(dispatchId, dispatchId));
    }

    private static Event reassigned(long sequence, String dispatchId, String previousDispatchId) {
        return new Event("dispatch.events", "dispatch.reassigned.v1", sequence, """
                {"dispatchId":"TICKET-%s","engineerId":"e-%s","previousDispatchId":"TICKET-%s"}"""
                .formatted(dispatchId, dispatchId, previousDispatchId));
    }

    private static Event booked(long sequence, String dispatchId, String windowStart) {
        return new Event("dispatch.events", "appointment.booked.v1", sequence, """
                {"dispatchId":"TICKET-%s","windowStart":"%s","windowEnd":"%s"}"""
                .formatted(dispatchId, windowStart, Instant.parse(windowStart).plusSeconds(7200)));
    }

    private static Event rescheduled(long sequence, String dispatchId, String windowStart, int revision) {
        return new Event("dispatch.events", "appointment.rescheduled.v1", sequence, """
                {"dispatchId":"TICKET-%s","windowStart":"%s","windowEnd":"%s","revision":%d}"""
                .formatted(dispatchId, windowStart, Instant.parse(windowStart).plusSeconds(7200), revision));
    }
}
