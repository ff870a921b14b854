package io.yunwei.followup.callback;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.followup.callback.TicketFollowup.FollowupTask;
import io.yunwei.followup.callback.TicketFollowup.TaskStatus;

/** Schedules follow-ups on closure and lists them as work for the call centre. */
@Service
class FollowupService {

    private final DocumentStore store;
    private final MongoTemplate mongo;
    private final FollowupPolicy policy;
    private final Clock clock;

    FollowupService(DocumentStore store, MongoTemplate mongo, FollowupPolicy policy, Clock clock) {
        this.store = store;
        this.mongo = mongo;
        this.policy = policy;
        this.clock = clock;
    }

    void ticketClosed(InboundEvent event) {
        TicketClosed closed = event.data(TicketClosed.class);
        store.apply(TicketFollowup.class, event, () -> new TicketFollowup(event.subject()),
                followup -> followup.closed(closed.customerId(), closed.engineerId(),
                        closed.cycle() == null ? 1 : closed.cycle(), closed.closedAt(), policy, clock.instant()));
    }

    List<TaskView> callbacks(WorklistStatus status, String ticketId, int limit) {
        return worklist("callbacks", TicketFollowup::callbacks, status, ticketId, limit, policy.callbackGrace().toMillis());
    }

    List<TaskView> revisits(WorklistStatus status, String ticketId, int limit) {
        return worklist("revisits", TicketFollowup::revisits, status, ticketId, limit, 0);
    }

    private List<TaskView> worklist(String field, Function<TicketFollowup, List<FollowupTask>> tasks,
            WorklistStatus status, String ticketId, int limit, long graceMillis) {
        Instant now = clock.instant();
        Query filter = ticketId != null ? query(where("_id").is(ticketId))
                : status == WorklistStatus.DONE ? query(where(field + ".status").is(TaskStatus.DONE.name()))
                : status == null ? new Query() : query(where(field + ".status").is(TaskStatus.OPEN.name()));
        List<TaskView> views = new ArrayList<>();
        for (TicketFollowup followup : mongo.find(filter.limit(limit), TicketFollowup.class)) {
            for (FollowupTask task : tasks.apply(followup)) {
                TaskView view = TaskView.of(followup, task, WorklistStatus.of(task, now, graceMillis));
                if (status == null || view.status() == status) {
                    views.add(view);
                }
            }
        }
        views.sort(Comparator.comparing(TaskView::dueAt));
        return views;
    }

    /** Where a follow-up stands for the person who has to make it. */
    enum WorklistStatus {
        SCHEDULED, DUE, OVERDUE, DONE, EXPIRED;

        static WorklistStatus of(FollowupTask task, Instant now, long graceMillis) {
            return switch (task.status()) {
                case DONE -> DONE;
                case EXPIRED -> EXPIRED;
                case OPEN -> now.isBefore(task.dueAt()) ? SCHEDULED
                        : now.isBefore(task.dueAt().plusMillis(graceMillis)) || graceMillis == 0 ? DUE : OVERDUE;
            };
        }
    }

    record TaskView(String id, String ticketId, String customerId, int cycle, Instant dueAt, WorklistStatus status,
            Instant scheduledAt) {

        static TaskView of(TicketFollowup followup, FollowupTask task, WorklistStatus status) {
            return new TaskView(task.id(), followup.id(), followup.customerId(), task.cycle(), task.dueAt(), status,
                    task.scheduledAt());
        }
    }

    /** The part of {@code ticket.closed.v1} follow-up reads. */
    record TicketClosed(String customerId, String engineerId, Integer cycle, Instant closedAt) {
    }
}
