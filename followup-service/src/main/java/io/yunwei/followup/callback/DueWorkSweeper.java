package io.yunwei.followup.callback;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.followup.callback.DueTasks.Claim;
import io.yunwei.followup.ticket.TicketFollowup;

/**
 * Finds follow-ups that fell due and announces them. Each sweeper is one owner: it works only the entries it
 * claimed, and the announcement itself is guarded by the ticket's document, so even a sweeper whose lease ran
 * out while it worked cannot announce an attempt twice.
 */
class DueWorkSweeper {

    private static final Logger log = LoggerFactory.getLogger(DueWorkSweeper.class);

    private final DocumentStore store;
    private final DueTasks dueTasks;
    private final DueWorkProperties properties;
    private final Clock clock;
    private final Counter worked;
    private final String owner = UUID.randomUUID().toString();

    DueWorkSweeper(DocumentStore store, DueTasks dueTasks, DueWorkProperties properties, Clock clock,
            MeterRegistry meters) {
        this.store = store;
        this.dueTasks = dueTasks;
        this.properties = properties;
        this.clock = clock;
        this.worked = Counter.builder("yunwei.followup.due.worked")
                .description("Due follow-up entries a sweeper claimed and worked").register(meters);
    }

    /** One sweep; returns the ids of the follow-ups this sweeper worked. */
    List<String> sweep() {
        Instant now = clock.instant();
        List<String> done = new ArrayList<>();
        for (Claim claim : dueTasks.claimDue(owner, now, now.plus(properties.lease()), properties.batch())) {
            try {
                Optional<Instant> next = store.find(TicketFollowup.class, claim.ticketId()).isEmpty() ? Optional.empty()
                        : store.update(TicketFollowup.class, claim.ticketId(), null,
                                followup -> followup.fallDue(claim.taskId(), now));
                dueTasks.release(owner, claim, next.orElse(null));
                worked.increment();
                done.add(claim.taskId());
            } catch (RuntimeException e) {
                // the lease runs out and a later sweep, here or elsewhere, takes the entry again
                log.warn("Working due follow-up {} failed: {}", claim.taskId(), e.toString());
            }
        }
        return done;
    }
}
