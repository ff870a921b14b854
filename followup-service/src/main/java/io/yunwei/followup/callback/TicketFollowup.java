package io.yunwei.followup.callback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.mongodb.core.mapping.Document;

import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.outbox.OutboxDocument;
import io.yunwei.followup.callback.FollowupEvents.CallbackScheduled;
import io.yunwei.followup.callback.FollowupEvents.RevisitScheduled;

/** The follow-ups of one ticket: a callback and a revisit for every time it was closed. */
@Document("ticket_followups")
public class TicketFollowup extends OutboxDocument {

    private String customerId;
    private String engineerId;
    private List<FollowupTask> callbacks = new ArrayList<>();
    private List<FollowupTask> revisits = new ArrayList<>();

    protected TicketFollowup() {
    }

    TicketFollowup(String ticketId) {
        super(ticketId);
    }

    /** A closure starts the follow-up of its resolution cycle; a cycle is never followed up twice. */
    void closed(String customerId, String engineerId, int cycle, Instant closedAt, FollowupPolicy policy, Instant now) {
        this.customerId = customerId;
        this.engineerId = engineerId;
        if (callbacks.stream().anyMatch(c -> c.cycle() == cycle)) {
            return;
        }
        FollowupTask callback = new FollowupTask(ChildIds.of(id, 'C', cycle), cycle,
                policy.addBusinessTime(closedAt, policy.callbackAfter()), TaskStatus.OPEN, now);
        FollowupTask revisit = new FollowupTask(ChildIds.of(id, 'R', cycle), cycle, closedAt.plus(policy.revisitAfter()),
                TaskStatus.OPEN, now);
        callbacks.add(callback);
        revisits.add(revisit);
        raise(FollowupEvents.CALLBACK_SCHEDULED,
                new CallbackScheduled(id, callback.id(), cycle, callback.dueAt(), now), now);
        raise(FollowupEvents.REVISIT_SCHEDULED,
                new RevisitScheduled(id, revisit.id(), cycle, revisit.dueAt(), now), now);
    }

    public String customerId() { return customerId; }
    public String engineerId() { return engineerId; }
    public List<FollowupTask> callbacks() { return List.copyOf(callbacks); }
    public List<FollowupTask> revisits() { return List.copyOf(revisits); }

    public record FollowupTask(String id, int cycle, Instant dueAt, TaskStatus status, Instant scheduledAt) {
    }

    public enum TaskStatus {
        OPEN, DONE, EXPIRED
    }
}
