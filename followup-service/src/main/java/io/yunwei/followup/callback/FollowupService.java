package io.yunwei.followup.callback;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.idempotency.Answered;
import io.yunwei.chassis.idempotency.IdempotencyKey;
import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.outbox.OutboxDocument.Position;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.followup.ticket.TicketFollowup.CallbackOutcome;
import io.yunwei.followup.ticket.TicketFollowup.CallbackResult;
import io.yunwei.followup.ticket.TicketFollowup.FollowupTask;
import io.yunwei.followup.ticket.TicketFollowup.Outcome;
import io.yunwei.followup.ticket.TicketFollowup.Recorder;
import io.yunwei.followup.ticket.TicketFollowup.RevisitResult;
import io.yunwei.followup.ticket.TicketFollowup.TaskStatus;
import io.yunwei.followup.ticket.TicketFollowup;
import tools.jackson.databind.json.JsonMapper;

/** Schedules follow-ups on closure, lists them as work for the call centre and records what they found. */
@Service
class FollowupService {

    private final DocumentStore store;
    private final MongoTemplate mongo;
    private final DueTasks dueTasks;
    private final FollowupMetrics metrics;
    private final FollowupPolicy policy;
    private final Clock clock;
    private final JsonMapper json;

    FollowupService(DocumentStore store, MongoTemplate mongo, DueTasks dueTasks, FollowupMetrics metrics,
            FollowupPolicy policy, Clock clock, JsonMapper json) {
        this.store = store;
        this.mongo = mongo;
        this.dueTasks = dueTasks;
        this.metrics = metrics;
        this.policy = policy;
        this.clock = clock;
        this.json = json;
    }

    void ticketClosed(InboundEvent event) {
        TicketClosed closed = event.data(TicketClosed.class);
        int cycle = closed.cycle() == null ? 1 : closed.cycle();
        Instant closedAt = closed.closedAt() == null ? event.time() : closed.closedAt();
        AtomicBoolean started = new AtomicBoolean();
        Position position = store.apply(TicketFollowup.class, event, () -> TicketFollowup.startedFor(event.subject()),
                followup -> started.set(followup.closed(closed.customerId(), closed.engineerId(), cycle, closedAt,
                        policy.callbackDue(closedAt), policy.revisitDue(closedAt), clock.instant())));
        if (position != Position.DUPLICATE && started.get()) {
            metrics.closed(cycle);
        }
        // also on a redelivered closure: the apply may have been stored before a crash kept this from running
        dueTasks.ensure(ChildIds.of(event.subject(), TicketFollowup.CALLBACK, cycle), event.subject(),
                policy.addBusinessTime(closedAt, policy.callbackAfter()));
        dueTasks.ensure(ChildIds.of(event.subject(), TicketFollowup.REVISIT, cycle), event.subject(),
                closedAt.plus(policy.revisitAfter()));
    }

    void ticketReopened(InboundEvent event) {
        TicketReopened reopened = event.data(TicketReopened.class);
        if (reopened.cycle() != null) {
            store.apply(TicketFollowup.class, event, () -> TicketFollowup.startedFor(event.subject()),
                    followup -> followup.reopened(reopened.cycle()));
        }
    }

    /**
     * The customer answers the satisfaction survey of their organisation's closed ticket themselves: the callback
     * still open on it is recorded as reached, by them. Another organisation's ticket is not found; a ticket with no
     * survey waiting (not closed yet, or answered already) is a conflict. A retry under the same key gets the first
     * answer, even though the survey is answered by then.
     */
    Recorded answerSurvey(String ticketId, String customerId, CallbackOutcome outcome, Recorder recorder,
            IdempotencyKey key) {
        TicketFollowup followup = store.find(TicketFollowup.class, ticketId)
                .filter(f -> customerId != null && customerId.equals(f.customerId()))
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "NOT_FOUND", "There is no such ticket."));
        Optional<Recorded> earlier = earlier(ticketId, key);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        String callbackId = followup.callbacks().stream().filter(task -> task.status() == TaskStatus.OPEN)
                .reduce((first, latest) -> latest).map(FollowupTask::id)
                .orElseThrow(() -> new ApiProblem(HttpStatus.CONFLICT, "NO_SURVEY_PENDING",
                        "No survey is waiting for an answer on this ticket: it is not closed yet, or it was answered."));
        return recordCallback(callbackId, outcome, recorder, key);
    }

    /**
     * Records what a callback found. With an {@code Idempotency-Key}, the answer is kept in the same write as the
     * change and a retry gets that first answer, changing nothing.
     */
    Recorded recordCallback(String callbackId, CallbackOutcome outcome, Recorder recorder, IdempotencyKey key) {
        if (outcome.reached() && (outcome.satisfaction() == null || outcome.resolvedConfirmed() == null)) {
            throw ApiProblem.invalidField(outcome.satisfaction() == null ? "satisfaction" : "resolvedConfirmed",
                    "is required when the customer was reached");
        }
        String ticketId = ChildIds.parentOf(callbackId, TicketFollowup.CALLBACK, FollowupTask.class);
        Optional<Recorded> earlier = earlier(ticketId, key);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Instant now = clock.instant();
        Instant retryAt = now.plus(policy.callbackRetryAfter());
        if (!outcome.reached()) {
            // written first: should the save fail, the sweeper finds nothing new to announce and drops the entry
            dueTasks.reschedule(callbackId, ticketId, retryAt);
        }
        long grace = policy.callbackGrace().toMillis();
        Step<CallbackResult> step = store.update(TicketFollowup.class, ticketId, null, followup -> {
            Optional<Answered> answered = followup.answered(key);
            if (answered.isPresent()) {
                return new Step<>(null, replay(answered.get()));
            }
            CallbackResult result = followup.recordCallback(callbackId, outcome, recorder, policy.callbackAttempts(),
                    retryAt, now);
            return new Step<>(result, answer(followup, key, callbackId, TicketFollowup::callbacks, grace, now));
        });
        if (step.result() == null) {
            return step.recorded();
        }
        switch (step.result()) {
            case EXPIRED -> metrics.callbackExpired();
            case RECURRED -> metrics.recurred(cycleOf(callbackId), "CALLBACK");
            default -> {
                // nothing to count beyond the survey
            }
        }
        if (outcome.reached()) {
            metrics.surveyRecorded(outcome.satisfaction());
        }
        return step.recorded();
    }

    /** Records what a revisit found; an {@code Idempotency-Key} works as for a callback. */
    Recorded recordRevisit(String revisitId, RevisitResult result, String note, Recorder recorder,
            IdempotencyKey key) {
        String ticketId = ChildIds.parentOf(revisitId, TicketFollowup.REVISIT, FollowupTask.class);
        Optional<Recorded> earlier = earlier(ticketId, key);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Instant now = clock.instant();
        Step<Boolean> step = store.update(TicketFollowup.class, ticketId, null, followup -> {
            Optional<Answered> answered = followup.answered(key);
            if (answered.isPresent()) {
                return new Step<>(false, replay(answered.get()));
            }
            boolean recurred = followup.recordRevisit(revisitId, result, note, recorder, now);
            return new Step<>(recurred, answer(followup, key, revisitId, TicketFollowup::revisits, 0, now));
        });
        if (step.result()) {
            metrics.recurred(cycleOf(revisitId), "REVISIT");
        }
        return step.recorded();
    }

    /** A plain retry is answered from a read, without writing. */
    private Optional<Recorded> earlier(String ticketId, IdempotencyKey key) {
        if (key == null) {
            return Optional.empty();
        }
        return store.find(TicketFollowup.class, ticketId).flatMap(followup -> followup.answered(key)).map(this::replay);
    }

    private Recorded answer(TicketFollowup followup, IdempotencyKey key, String taskId,
            Function<TicketFollowup, List<FollowupTask>> tasks, long graceMillis, Instant now) {
        FollowupTask task = tasks.apply(followup).stream().filter(t -> t.id().equals(taskId)).findFirst().orElseThrow();
        TaskView view = TaskView.of(followup, task, WorklistStatus.of(task, now, graceMillis));
        followup.remember(key, json.writeValueAsString(view), now);
        return new Recorded(view, false);
    }

    private Recorded replay(Answered answered) {
        return new Recorded(json.readValue(answered.body(), TaskView.class), true);
    }

    List<TaskView> callbacks(WorklistStatus status, String ticketId, int limit) {
        return worklist("callbacks", TicketFollowup::callbacks, status, ticketId, limit, policy.callbackGrace().toMillis());
    }

    List<TaskView> revisits(WorklistStatus status, String ticketId, int limit) {
        return worklist("revisits", TicketFollowup::revisits, status, ticketId, limit, 0);
    }

    private static int cycleOf(String taskId) {
        return Integer.parseInt(taskId.substring(taskId.lastIndexOf('-') + 2));
    }

    private List<TaskView> worklist(String field, Function<TicketFollowup, List<FollowupTask>> tasks,
            WorklistStatus status, String ticketId, int limit, long graceMillis) {
        Instant now = clock.instant();
        Query filter = ticketId != null ? query(where("_id").is(ticketId))
                : status == null ? new Query()
                : query(where(field + ".status").is(switch (status) {
                    case DONE -> TaskStatus.DONE.name();
                    case EXPIRED -> TaskStatus.EXPIRED.name();
                    case CANCELLED -> TaskStatus.CANCELLED.name();
                    default -> TaskStatus.OPEN.name();
                }));
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
        SCHEDULED, DUE, OVERDUE, DONE, EXPIRED, CANCELLED;

        static WorklistStatus of(FollowupTask task, Instant now, long graceMillis) {
            return switch (task.status()) {
                case DONE -> DONE;
                case EXPIRED -> EXPIRED;
                case CANCELLED -> CANCELLED;
                case OPEN -> open(task.effectiveDueAt(), now, graceMillis);
            };
        }

        /** Where an open callback due at {@code due} (its next attempt's time, if any) stands. */
        static WorklistStatus open(Instant due, Instant now, long graceMillis) {
            return now.isBefore(due) ? SCHEDULED
                    : now.isBefore(due.plusMillis(graceMillis)) || graceMillis == 0 ? DUE : OVERDUE;
        }
    }

    record TaskView(String id, String ticketId, String customerId, int cycle, Instant dueAt, WorklistStatus status,
            Instant scheduledAt, int attempts, Instant nextAttemptAt, Outcome outcome) {

        static TaskView of(TicketFollowup followup, FollowupTask task, WorklistStatus status) {
            return new TaskView(task.id(), followup.id(), followup.customerId(), task.cycle(), task.dueAt(), status,
                    task.scheduledAt(), task.attempts(), task.nextAttemptAt(), task.outcome());
        }
    }

    /** A recorded outcome as answered, and whether it answers a retry with the first answer. */
    record Recorded(TaskView view, boolean replayed) {
    }

    private record Step<R>(R result, Recorded recorded) {
    }

    /** The part of {@code ticket.closed.v1} follow-up reads. */
    record TicketClosed(String customerId, String engineerId, Integer cycle, Instant closedAt) {
    }

    /** The part of {@code ticket.reopened.v1} follow-up reads. */
    record TicketReopened(Integer cycle) {
    }
}
