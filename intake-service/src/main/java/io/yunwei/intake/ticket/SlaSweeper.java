package io.yunwei.intake.ticket;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.outbox.ConcurrentChangeException;
import io.yunwei.chassis.outbox.DocumentStore;

/**
 * Sends SLA warnings and breaches when they fall due. Every instance may sweep: each ticket is changed with the
 * store's conditional write, so when two instances check the same ticket one wins and the other, re-reading it,
 * finds nothing left to announce. Tickets due for a check are found through the {@code sla_next_check} index.
 */
@Component
class SlaSweeper {

    private static final Logger log = LoggerFactory.getLogger(SlaSweeper.class);
    private static final int BATCH = 200;

    private final MongoTemplate mongo;
    private final DocumentStore store;
    private final SlaPolicy policy;
    private final Clock clock;
    private final MeterRegistry meters;
    private final TicketMetrics metrics;

    SlaSweeper(MongoTemplate mongo, DocumentStore store, SlaPolicy policy, Clock clock, MeterRegistry meters,
            TicketMetrics metrics) {
        this.metrics = metrics;
        this.mongo = mongo;
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${yunwei.sla.sweep-interval:30s}", initialDelayString = "${yunwei.sla.sweep-interval:30s}")
    void sweepNow() {
        try {
            sweep(clock.instant());
        } catch (RuntimeException e) {
            log.warn("SLA sweep failed; the next one picks up where it stopped", e);
        }
    }

    /** Checks every ticket whose next SLA check is due at {@code now}; answers how many it changed. */
    int sweep(Instant now) {
        Query dueNow = query(where("slaNextCheckAt").lte(now)).with(Sort.by("slaNextCheckAt")).limit(BATCH);
        // only the ids: each ticket is read afresh, whole, just before it is checked
        dueNow.fields().include("_id");
        List<String> due = mongo.find(dueNow, Document.class, mongo.getCollectionName(Ticket.class)).stream()
                .map(ticket -> ticket.getString("_id")).toList();
        int changed = 0;
        for (String id : due) {
            Ticket ticket = store.find(Ticket.class, id).orElse(null);
            if (ticket == null) {
                continue;
            }
            SlaClock.State before = ticket.slaClock();
            if (!ticket.checkSla(now, policy)) {
                continue;
            }
            try {
                store.save(ticket);
                changed++;
                List<SlaTarget> breached = added(before.breached(), ticket.slaClock().breached());
                // a target breached before any sweep warned about it is marked warned too, but no warning was sent
                metrics.slaWarned(ticket, added(before.warned(), ticket.slaClock().warned()).stream()
                        .filter(target -> !breached.contains(target)).toList());
                metrics.slaBreached(ticket, breached);
            } catch (ConcurrentChangeException e) {
                // another instance or an event changed it first; the next sweep reads it afresh
            }
        }
        Counter.builder("yunwei.sla.sweeps").description("SLA clock sweeps run").register(meters).increment();
        return changed;
    }

    private static List<SlaTarget> added(List<SlaTarget> before, List<SlaTarget> after) {
        return after.stream().filter(target -> !before.contains(target)).toList();
    }
}
