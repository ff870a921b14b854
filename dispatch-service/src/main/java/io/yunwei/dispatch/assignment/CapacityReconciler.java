package io.yunwei.dispatch.assignment;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.dispatch.assignment.TicketDispatch.Dispatch;
import io.yunwei.dispatch.engineer.Engineer;
import io.yunwei.dispatch.engineer.EngineerRoster;

/**
 * Gives back capacity that a crash stranded: a unit reserved by an attempt that died before saving its dispatch,
 * or held by a dispatch that ended while its instance died before releasing it. A unit is given back only when no
 * dispatch holding it carries the ticket any more and it is older than a grace period far longer than any attempt,
 * so a reservation in flight on another instance is never taken from it. Giving back is idempotent, so every
 * instance may run this at once.
 */
@Component
class CapacityReconciler {

    private static final Logger log = LoggerFactory.getLogger(CapacityReconciler.class);
    static final Duration GRACE = Duration.ofMinutes(2);

    private final EngineerRoster roster;
    private final DocumentStore store;
    private final Clock clock;
    private final Counter reclaimed;

    CapacityReconciler(EngineerRoster roster, DocumentStore store, Clock clock, MeterRegistry meters) {
        this.roster = roster;
        this.store = store;
        this.clock = clock;
        // registered at start, so the series reads zero rather than missing until the first reclaim
        this.reclaimed = Counter.builder("yunwei.dispatch.capacity.reclaimed")
                .description("Engineers' capacity units given back because no dispatch held them").register(meters);
    }

    @Scheduled(fixedDelayString = "${yunwei.dispatch.reconcile-interval:5m}", initialDelayString = "${yunwei.dispatch.reconcile-interval:5m}")
    void reconcile() {
        for (Engineer engineer : roster.all()) {
            for (String token : engineer.active()) {
                if (stranded(token)) {
                    roster.abandon(engineer.id(), token);
                    reclaimed.increment();
                    log.info("Gave back capacity unit {} of engineer {} that no dispatch holds", token, engineer.id());
                }
            }
        }
    }

    private boolean stranded(String token) {
        int at = token.indexOf('@');
        if (at < 0) {
            return false;
        }
        String dispatchId = token.substring(0, at);
        String[] parts = token.substring(at + 1).split("\\.");
        long reservedAt;
        String ticketId;
        try {
            reservedAt = Long.parseLong(parts[0], 36);
            ticketId = ChildIds.parentOf(dispatchId, 'D', Dispatch.class);
        } catch (NumberFormatException | DocumentNotFoundException e) {
            return false;
        }
        if (clock.millis() - reservedAt < GRACE.toMillis()) {
            return false;
        }
        Optional<TicketDispatch> file = store.find(TicketDispatch.class, ticketId);
        return file.map(f -> f.dispatches().stream()
                .noneMatch(d -> token.equals(d.reservation()) && d.status().holdsCapacity())).orElse(true);
    }
}
