package io.yunwei.dispatch.assignment;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.events.EventRouter;
import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.outbox.OutboxDocument;
import io.yunwei.dispatch.assignment.Placements.Reservations;
import io.yunwei.dispatch.assignment.TicketDispatch.Dispatch;

/**
 * Opens dispatches for tickets that need an engineer, times the arrival on site, and frees the capacity when the visit
 * is done or the ticket cancelled. Three consumers share the topics' partitions: an assignment waits on several store
 * round trips in turn (the engineers, the reservation, the dispatch's write committed to the file), and one consumer
 * alone, after an outage, assigned about two tickets a second while the backlog waited behind it. A ticket's events
 * from one topic stay on one partition, so in order; two tickets reaching for the same engineer meet in the roster's
 * conditional reservation, as they do between two instances.
 */
@Component
class DispatchListener {

    private final DocumentStore store;
    private final Placements placements;
    private final DispatchTimings timings;
    private final Clock clock;
    private final EventRouter router;

    DispatchListener(DocumentStore store, Placements placements, DispatchTimings timings, Clock clock) {
        this.store = store;
        this.placements = placements;
        this.timings = timings;
        this.clock = clock;
        this.router = EventRouter.builder()
                .on(List.of("ticket.opened.v1", "ticket.reopened.v1"), this::assign)
                .on("ticket.cancelled.v1", this::cancelled)
                .on("visit.checked-in.v1", this::visitCheckedIn)
                .on("visit.completed.v1", this::visitCompleted).build();
    }

    @KafkaListener(topics = { "intake.events", "field.events" }, concurrency = "3")
    void on(ConsumerRecord<String, String> record) {
        router.route(record);
    }

    /** Finds an engineer for a ticket that opened or reopened. */
    void assign(InboundEvent event) {
        InboundEvents.TicketNeedsEngineer ticket = event.data(InboundEvents.TicketNeedsEngineer.class);
        Reservations reservations = placements.reserving(event.subject());
        try {
            store.apply(TicketDispatch.class, event, () -> new TicketDispatch(event.subject()), file -> {
                reservations.attempt(file);
                if (file.ticketNeedsEngineer(ticket.customerId(), ticket.siteId(), ticket.areaCode(),
                        ticket.assetCategories(), ticket.priority(), ticket.sla() == null ? null : ticket.sla().arrivalDue(),
                        ticket.cycle() == null ? 1 : ticket.cycle(), ticket.previousEngineerId(),
                        ticket.accessRules(), ticket.siteLocation())) {
                    placements.place(file, null, reservations, clock.instant());
                }
            });
        } finally {
            reservations.settle();
        }
        if ("assigned".equals(reservations.outcome())) {
            timings.record(DispatchTimings.Stage.ASSIGN, ticket.priority(), event.time(), clock.instant());
        }
    }

    /** The visit is over: the dispatch is done and its engineer's capacity comes back (unless a revisit follows). */
    void visitCompleted(InboundEvent event) {
        InboundEvents.VisitCompleted visit = event.data(InboundEvents.VisitCompleted.class);
        List<Dispatch> finished = new ArrayList<>();
        store.apply(TicketDispatch.class, event, null, file -> {
            finished.clear();
            if (visit.dispatchId() != null) {
                file.visitEnded(visit.dispatchId());
            }
            if (!"REVISIT_NEEDED".equals(visit.outcome()) && visit.dispatchId() != null) {
                file.finish(visit.dispatchId(), clock.instant()).ifPresent(finished::add);
            }
        });
        finished.forEach(placements::release);
    }

    /**
     * The ticket was cancelled: whoever carries it gets the capacity back. Remembered even before any dispatch, so an
     * opening re-driven after the cancellation assigns nobody.
     */
    void cancelled(InboundEvent event) {
        List<Dispatch> ended = new ArrayList<>();
        store.apply(TicketDispatch.class, event, () -> new TicketDispatch(event.subject()), file -> {
            ended.clear();
            ended.addAll(file.cancel(clock.instant()));
        });
        ended.forEach(placements::release);
    }

    /**
     * The engineer is on site: the file remembers since when (the planner counts the visit as work in hand and
     * notices when it runs past its planned end), and the interval since the dispatch's assignment is recorded,
     * once per check-in event.
     */
    void visitCheckedIn(InboundEvent event) {
        InboundEvents.VisitCheckedIn visit = event.data(InboundEvents.VisitCheckedIn.class);
        if (visit.dispatchId() == null) {
            return;
        }
        Instant at = visit.checkedInAt() != null ? visit.checkedInAt() : event.time();
        AtomicReference<Dispatch> arrived = new AtomicReference<>();
        AtomicReference<String> priority = new AtomicReference<>();
        OutboxDocument.Position position;
        try {
            position = store.apply(TicketDispatch.class, event, null, file -> {
                file.checkedIn(visit.dispatchId(), at);
                arrived.set(file.dispatch(visit.dispatchId()).orElse(null));
                priority.set(file.priority());
            });
        } catch (DocumentNotFoundException e) {
            // a visit this desk never dispatched: nothing to time
            return;
        }
        if (position != OutboxDocument.Position.DUPLICATE && arrived.get() != null) {
            timings.record(DispatchTimings.Stage.ARRIVAL, priority.get(), arrived.get().assignedAt(), at);
        }
    }
}
