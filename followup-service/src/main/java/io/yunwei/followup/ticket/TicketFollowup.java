package io.yunwei.followup.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.http.HttpStatus;

import io.yunwei.chassis.idempotency.Answered;
import io.yunwei.chassis.idempotency.IdempotencyKey;
import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.outbox.OutboxDocument;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.followup.ticket.FollowupEvents.ArticlePublished;
import io.yunwei.followup.ticket.FollowupEvents.CallbackAttempted;
import io.yunwei.followup.ticket.FollowupEvents.CallbackScheduled;
import io.yunwei.followup.ticket.FollowupEvents.FaultRecurred;
import io.yunwei.followup.ticket.FollowupEvents.FollowupDue;
import io.yunwei.followup.ticket.FollowupEvents.IncidentReportIssued;
import io.yunwei.followup.ticket.FollowupEvents.ProgressReport;
import io.yunwei.followup.ticket.FollowupEvents.RevisitCompleted;
import io.yunwei.followup.ticket.FollowupEvents.RevisitScheduled;
import io.yunwei.followup.ticket.FollowupEvents.SupervisorNotified;
import io.yunwei.followup.ticket.FollowupEvents.SurveyRecorded;

/**
 * The follow-ups of one ticket: a callback and a revisit for every time it was closed. Every event follow-up
 * publishes about a ticket is raised here, so one sequence numbers them all.
 */
@Document("ticket_followups")
public class TicketFollowup extends OutboxDocument {

    public static final char CALLBACK = 'C';
    public static final char REVISIT = 'R';
    private static final int KEPT_ANSWERS = 50;

    private String customerId;
    private String engineerId;
    /** The ticket's latest resolution cycle follow-up has heard of. */
    private int cycle;
    private List<FollowupTask> callbacks = new ArrayList<>();
    private List<FollowupTask> revisits = new ArrayList<>();
    private List<Integer> recurredCycles = new ArrayList<>();
    private List<String> publishedArticles = new ArrayList<>();
    private List<Answered> answered = new ArrayList<>();
    private List<SupervisorNotice> supervisorNotices = new ArrayList<>();

    protected TicketFollowup() {
    }

    TicketFollowup(String ticketId) {
        super(ticketId);
    }

    /** The follow-up of a ticket nothing has been recorded for yet. */
    public static TicketFollowup startedFor(String ticketId) {
        return new TicketFollowup(ticketId);
    }

    /**
     * A closure starts the follow-up of its resolution cycle and issues its incident report; a cycle is never
     * followed up twice, nor once the ticket has moved on to a later one (a closure re-driven late). Returns whether
     * this closure started a new cycle.
     */
    public boolean closed(String customerId, String engineerId, int cycle, Instant closedAt, Instant callbackDue,
            Instant revisitDue, Instant now) {
        if (cycle < this.cycle || callbacks.stream().anyMatch(c -> c.cycle() == cycle)) {
            return false;
        }
        this.customerId = customerId;
        this.engineerId = engineerId;
        this.cycle = cycle;
        FollowupTask callback = FollowupTask.scheduled(ChildIds.of(id, CALLBACK, cycle), cycle,
                callbackDue, engineerId, now);
        FollowupTask revisit = FollowupTask.scheduled(ChildIds.of(id, REVISIT, cycle), cycle,
                revisitDue, engineerId, now);
        callbacks.add(callback);
        revisits.add(revisit);
        raise(FollowupEvents.CALLBACK_SCHEDULED,
                new CallbackScheduled(id, callback.id(), cycle, callback.dueAt(), now), now);
        raise(FollowupEvents.REVISIT_SCHEDULED,
                new RevisitScheduled(id, revisit.id(), cycle, revisit.dueAt(), now), now);
        raise(FollowupEvents.INCIDENT_REPORT_ISSUED, new IncidentReportIssued(id, customerId, cycle,
                "/api/v1/reports/" + id, closedAt, now), now);
        return true;
    }

    /** The ticket was reopened: a closure of an earlier cycle that arrives after this is no longer followed up. */
    public void reopened(int cycle) {
        this.cycle = Math.max(this.cycle, cycle);
    }

    /**
     * Records what the customer said on a callback. The engineer who did the work never records it; an unreached
     * customer is called again at {@code retryAt} until {@code maxAttempts} calls went unanswered.
     */
    public CallbackResult recordCallback(String callbackId, CallbackOutcome outcome, Recorder recorder, int maxAttempts,
            Instant retryAt, Instant now) {
        FollowupTask task = openTask(callbacks, callbackId, "callback");
        refuseOwnWork(task, recorder);
        int attempt = task.attempts() + 1;
        if (!outcome.reached()) {
            boolean expired = attempt >= maxAttempts;
            replace(callbacks, task.unreached(expired ? null : retryAt, expired));
            raise(expired ? FollowupEvents.CALLBACK_EXPIRED : FollowupEvents.CALLBACK_ATTEMPTED,
                    new CallbackAttempted(id, callbackId, task.cycle(), attempt, maxAttempts, expired ? null : retryAt,
                            expired, outcome.comment(), recorder.subject(), now), now);
            return expired ? CallbackResult.EXPIRED : CallbackResult.RETRY;
        }
        replace(callbacks, task.done(new Outcome("REACHED", outcome.satisfaction(), outcome.resolvedConfirmed(),
                outcome.comment(), recorder.subject(), now)));
        raise(FollowupEvents.SURVEY_RECORDED, new SurveyRecorded(id, callbackId, task.cycle(), customerId,
                task.engineerId(), attempt, true, outcome.satisfaction(), outcome.resolvedConfirmed(), outcome.comment(),
                recorder.subject(), now), now);
        if (Boolean.FALSE.equals(outcome.resolvedConfirmed())) {
            return recurred(task, "CALLBACK", outcome.comment(), now) ? CallbackResult.RECURRED : CallbackResult.RECORDED;
        }
        return CallbackResult.RECORDED;
    }

    /** Records the revisit: the fault stayed away, came back, or the customer asks for an on-site inspection. */
    public boolean recordRevisit(String revisitId, RevisitResult result, String note, Recorder recorder, Instant now) {
        FollowupTask task = openTask(revisits, revisitId, "revisit");
        refuseOwnWork(task, recorder);
        replace(revisits, task.done(new Outcome(result.name(), null, result != RevisitResult.RECURRED, note,
                recorder.subject(), now)));
        raise(FollowupEvents.REVISIT_COMPLETED, new RevisitCompleted(id, revisitId, task.cycle(), customerId,
                task.engineerId(), result, result == RevisitResult.RECURRED,
                result == RevisitResult.INSPECTION_REQUESTED, note, recorder.subject(), now), now);
        return result == RevisitResult.RECURRED && recurred(task, "REVISIT", note, now);
    }

    /**
     * Announces that a follow-up fell due, once per attempt. Returns when it falls due next if that is still to
     * come, or empty when there is nothing more to wait for.
     */
    public Optional<Instant> fallDue(String taskId, Instant now) {
        boolean isCallback = callbacks.stream().anyMatch(t -> t.id().equals(taskId));
        List<FollowupTask> tasks = isCallback ? callbacks : revisits;
        Optional<FollowupTask> found = tasks.stream().filter(t -> t.id().equals(taskId)).findFirst();
        if (found.isEmpty() || found.get().status() != TaskStatus.OPEN) {
            return Optional.empty();
        }
        FollowupTask task = found.get();
        Instant due = task.effectiveDueAt();
        if (due.isAfter(now)) {
            return Optional.of(due);
        }
        int attempt = task.attempts() + 1;
        if (task.announcedAttempt() < attempt) {
            replace(tasks, task.announced(attempt));
            raise(isCallback ? FollowupEvents.CALLBACK_DUE : FollowupEvents.REVISIT_DUE,
                    new FollowupDue(id, taskId, task.cycle(), customerId, attempt, due, now), now);
        }
        return Optional.empty();
    }

    /** The answer to an earlier request under this {@code Idempotency-Key} ({@link Answered#find}). */
    public Optional<Answered> answered(IdempotencyKey key) {
        return Answered.find(answered, key);
    }

    /** Keeps a request's answer in the same write as what it changed, so a retry gets it and changes nothing. */
    public void remember(IdempotencyKey key, String body, Instant at) {
        Answered.remember(answered, key, 200, null, body, at, KEPT_ANSWERS);
    }

    /** Announces a knowledge article drawn from this ticket once a supervisor approved it; once per article. */
    public boolean articlePublished(String articleId, String title, String approvedBy, Instant now) {
        if (publishedArticles.contains(articleId)) {
            return false;
        }
        publishedArticles.add(articleId);
        raise(FollowupEvents.ARTICLE_PUBLISHED, new ArticlePublished(id, articleId, title, approvedBy, now), now);
        return true;
    }

    /**
     * Reports a closure to the responsible supervisor, once per resolution cycle. Returns whether this call did,
     * rather than an earlier delivery of the same closure.
     */
    public boolean notifySupervisor(SupervisorNotice notice) {
        if (supervisorNotices.stream().anyMatch(n -> n.cycle() == notice.cycle())) {
            return false;
        }
        supervisorNotices.add(notice);
        raise(FollowupEvents.SUPERVISOR_NOTIFIED, new SupervisorNotified(id, notice.id(), notice.number(),
                notice.customerId(), notice.cycle(), notice.supervisorId(), notice.responsibility(), notice.outcome(),
                notice.engineerId(), notice.progressReports(), notice.summarySubmittedAt(), notice.closedAt(),
                notice.notifiedAt()), notice.notifiedAt());
        return true;
    }

    /** The supervisor has read the notice; acknowledging it again changes nothing. */
    public SupervisorNotice acknowledge(String noticeId, String by, Instant now) {
        SupervisorNotice notice = supervisorNotices.stream().filter(n -> n.id().equals(noticeId)).findFirst()
                .orElseThrow(() -> new DocumentNotFoundException(SupervisorNotice.class, noticeId));
        if (notice.acknowledgedAt() != null) {
            return notice;
        }
        SupervisorNotice acknowledged = notice.acknowledged(by, now);
        supervisorNotices.replaceAll(n -> n.id().equals(noticeId) ? acknowledged : n);
        return acknowledged;
    }

    /** A recurrence reopens the ticket once per cycle; what was still open in that cycle has lost its purpose. */
    private boolean recurred(FollowupTask found, String source, String note, Instant now) {
        if (recurredCycles.contains(found.cycle())) {
            return false;
        }
        recurredCycles.add(found.cycle());
        cancelOpen(callbacks, found.cycle());
        cancelOpen(revisits, found.cycle());
        raise(FollowupEvents.FAULT_RECURRED, new FaultRecurred(id, customerId, found.engineerId(), found.cycle(), source,
                found.id(), note == null || note.isBlank() ? "The customer reports the fault again." : note, now), now);
        return true;
    }

    private static void cancelOpen(List<FollowupTask> tasks, int cycle) {
        tasks.replaceAll(t -> t.cycle() == cycle && t.status() == TaskStatus.OPEN ? t.cancelled() : t);
    }

    private FollowupTask openTask(List<FollowupTask> tasks, String taskId, String kind) {
        FollowupTask task = tasks.stream().filter(t -> t.id().equals(taskId)).findFirst()
                .orElseThrow(() -> new DocumentNotFoundException(FollowupTask.class, taskId));
        if (task.status() != TaskStatus.OPEN) {
            throw new ApiProblem(HttpStatus.CONFLICT, "FOLLOWUP_FINISHED",
                    "This " + kind + " is already " + task.status().name().toLowerCase() + "; nothing more can be recorded on it.")
                    .with("currentStatus", task.status()).with("allowedNext", List.of());
        }
        return task;
    }

    private static void refuseOwnWork(FollowupTask task, Recorder recorder) {
        String worker = task.engineerId();
        if (worker != null && (worker.equals(recorder.engineerId()) || worker.equals(recorder.subject()))) {
            throw new ApiProblem(HttpStatus.CONFLICT, "OWN_WORK_FOLLOWUP",
                    "The engineer who did the work may not record the customer's verdict on it; another agent must.");
        }
    }

    private static void replace(List<FollowupTask> tasks, FollowupTask changed) {
        tasks.replaceAll(t -> t.id().equals(changed.id()) ? changed : t);
    }

    public String customerId() { return customerId; }
    public String engineerId() { return engineerId; }
    public List<FollowupTask> callbacks() { return List.copyOf(callbacks); }
    public List<FollowupTask> revisits() { return List.copyOf(revisits); }
    public List<SupervisorNotice> supervisorNotices() { return List.copyOf(supervisorNotices); }

    /** What the responsible supervisor was told about one closure, and whether they have acknowledged it. */
    public record SupervisorNotice(String id, int cycle, String supervisorId, String responsibility, String number,
            String customerId, String outcome, String engineerId, List<ProgressReport> progressReports,
            Instant summarySubmittedAt, Instant closedAt, Instant notifiedAt, String acknowledgedBy,
            Instant acknowledgedAt) {

        SupervisorNotice acknowledged(String by, Instant at) {
            return new SupervisorNotice(id, cycle, supervisorId, responsibility, number, customerId, outcome,
                    engineerId, progressReports, summarySubmittedAt, closedAt, notifiedAt, by, at);
        }
    }

    /**
     * One callback or revisit. {@code nextAttemptAt} is set while an unreached customer waits for the next call;
     * {@code announcedAttempt} is the last attempt announced as due.
     */
    public record FollowupTask(String id, int cycle, Instant dueAt, TaskStatus status, Instant scheduledAt,
            String engineerId, int attempts, Instant nextAttemptAt, int announcedAttempt, Outcome outcome) {

        static FollowupTask scheduled(String id, int cycle, Instant dueAt, String engineerId, Instant now) {
            return new FollowupTask(id, cycle, dueAt, TaskStatus.OPEN, now, engineerId, 0, null, 0, null);
        }

        public Instant effectiveDueAt() {
            return nextAttemptAt != null ? nextAttemptAt : dueAt;
        }

        FollowupTask unreached(Instant retryAt, boolean expired) {
            return new FollowupTask(id, cycle, dueAt, expired ? TaskStatus.EXPIRED : TaskStatus.OPEN, scheduledAt,
                    engineerId, attempts + 1, retryAt, announcedAttempt, outcome);
        }

        FollowupTask done(Outcome result) {
            return new FollowupTask(id, cycle, dueAt, TaskStatus.DONE, scheduledAt, engineerId, attempts + 1,
                    nextAttemptAt, announcedAttempt, result);
        }

        FollowupTask cancelled() {
            return new FollowupTask(id, cycle, dueAt, TaskStatus.CANCELLED, scheduledAt, engineerId, attempts,
                    nextAttemptAt, announcedAttempt, outcome);
        }

        FollowupTask announced(int attempt) {
            return new FollowupTask(id, cycle, dueAt, status, scheduledAt, engineerId, attempts, nextAttemptAt, attempt,
                    outcome);
        }
    }

    /** What a finished follow-up found: {@code result} is REACHED for a callback, a {@link RevisitResult} for a revisit. */
    public record Outcome(String result, Integer satisfaction, Boolean resolvedConfirmed, String note, String recordedBy,
            Instant recordedAt) {
    }

    public enum TaskStatus {
        OPEN, DONE, EXPIRED, CANCELLED
    }

    /** The customer's verdict on a revisit. */
    public enum RevisitResult {
        STABLE, RECURRED, INSPECTION_REQUESTED
    }

    public enum CallbackResult {
        RECORDED, RECURRED, RETRY, EXPIRED
    }

    /** What a callback found out. */
    public record CallbackOutcome(boolean reached, Integer satisfaction, Boolean resolvedConfirmed, String comment) {
    }

    /** Who records a follow-up's outcome, as their token says. */
    public record Recorder(String subject, String engineerId) {
    }
}
