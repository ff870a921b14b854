package io.yunwei.dispatch.assignment;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.dispatch.assignment.Placements.Reservations;
import io.yunwei.dispatch.assignment.TicketDispatch.Dispatch;
import io.yunwei.dispatch.assignment.TicketDispatch.Replacement;

/**
 * Moves on the tickets whose engineer let the acceptance window pass. The deadline lives in the dispatch itself
 * ({@code acceptBy}), so a restart or a crashed instance loses nothing. Every instance sweeps; a lease on the
 * ticket's document (a conditional update on its id) keeps two of them from working one ticket at once, and the
 * change itself is saved conditionally on the document's version, so a window is acted on exactly once even if a
 * lease runs out mid-work.
 */
@Component
class AcceptanceSweeper {

    private static final Logger log = LoggerFactory.getLogger(AcceptanceSweeper.class);
    private static final String LEASE = "sweepLease";
    private static final int BATCH = 100;

    private final DocumentStore store;
    private final Placements placements;
    private final DispatchQueries queries;
    private final MongoTemplate mongo;
    private final DispatchProperties properties;
    private final Clock clock;
    private final String owner = UUID.randomUUID().toString();

    AcceptanceSweeper(DocumentStore store, Placements placements, DispatchQueries queries, MongoTemplate mongo,
            DispatchProperties properties, Clock clock) {
        this.store = store;
        this.placements = placements;
        this.queries = queries;
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${yunwei.dispatch.sweep-interval:15s}", initialDelayString = "${yunwei.dispatch.sweep-interval:15s}")
    void sweep() {
        for (String ticketId : queries.overdue(clock.instant(), BATCH)) {
            if (claim(ticketId)) {
                try {
                    expireOverdue(ticketId);
                } catch (RuntimeException e) {
                    log.warn("Moving on overdue ticket {} failed, the next sweep retries: {}", ticketId, e.toString());
                } finally {
                    unclaim(ticketId);
                }
            }
        }
    }

    /**
     * Ends the ticket's dispatches whose acceptance window has passed and moves the ticket on. Safe to run on every
     * instance at once: the save is conditional on the version read, so only one of them acts on a given window.
     */
    void expireOverdue(String ticketId) {
        Reservations reservations = placements.reserving(ticketId);
        List<Dispatch> expired = new ArrayList<>();
        try {
            store.update(TicketDispatch.class, ticketId, null, file -> {
                reservations.attempt(file);
                expired.clear();
                Instant now = clock.instant();
                for (Dispatch dispatch : file.dispatches()) {
                    file.expire(dispatch.id(), now).ifPresent(ended -> {
                        expired.add(ended);
                        placements.place(file, new Replacement(ended, "ACCEPTANCE_EXPIRED",
                                "not accepted within the " + file.priority() + " acceptance window", "system"),
                                reservations, now);
                    });
                }
                return null;
            });
        } finally {
            reservations.settle();
        }
        expired.forEach(placements::release);
    }

    private boolean claim(String ticketId) {
        Instant now = clock.instant();
        Criteria free = new Criteria().orOperator(where(LEASE).exists(false), where(LEASE).is(null),
                where(LEASE + ".until").lt(Date.from(now)));
        return mongo.updateFirst(query(where("_id").is(ticketId)).addCriteria(free),
                new Update().set(LEASE, new Document("owner", owner).append("until",
                        Date.from(now.plus(properties.sweepLease())))),
                TicketDispatch.class).getMatchedCount() == 1;
    }

    private void unclaim(String ticketId) {
        mongo.updateFirst(query(where("_id").is(ticketId).and(LEASE + ".owner").is(owner)), new Update().unset(LEASE),
                TicketDispatch.class);
    }
}
