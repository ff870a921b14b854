package io.yunwei.followup.ticket;

import java.time.Instant;
import java.util.List;

import io.yunwei.followup.ticket.TicketFollowup.RevisitResult;

/** What follow-up publishes on {@code followup.events}. Add fields, never rename them. */
public final class FollowupEvents {

    public static final String CALLBACK_SCHEDULED = "callback.scheduled.v1";
    public static final String CALLBACK_DUE = "callback.due.v1";
    public static final String CALLBACK_ATTEMPTED = "callback.attempted.v1";
    public static final String CALLBACK_EXPIRED = "callback.expired.v1";
    public static final String SURVEY_RECORDED = "survey.recorded.v1";
    public static final String REVISIT_SCHEDULED = "revisit.scheduled.v1";
    public static final String REVISIT_DUE = "revisit.due.v1";
    public static final String REVISIT_COMPLETED = "revisit.completed.v1";
    public static final String FAULT_RECURRED = "fault.recurred.v1";
    public static final String INCIDENT_REPORT_ISSUED = "incident-report.issued.v1";
    public static final String ARTICLE_PUBLISHED = "knowledge.article-published.v1";
    public static final String SUPERVISOR_NOTIFIED = "supervisor.notified.v1";

    private FollowupEvents() {
    }

    public record CallbackScheduled(String ticketId, String callbackId, int cycle, Instant dueAt, Instant scheduledAt) {
    }

    public record RevisitScheduled(String ticketId, String revisitId, int cycle, Instant dueAt, Instant scheduledAt) {
    }

    /** A callback or revisit fell due (again, after an unanswered call): {@code taskId} names it. */
    public record FollowupDue(String ticketId, String taskId, int cycle, String customerId, int attempt, Instant dueAt,
            Instant at) {
    }

    /** A callback nobody answered; {@code expired} once the last allowed attempt went unanswered. */
    public record CallbackAttempted(String ticketId, String callbackId, int cycle, int attempt, int maxAttempts,
            Instant nextAttemptAt, boolean expired, String comment, String recordedBy, Instant attemptedAt) {
    }

    public record SurveyRecorded(String ticketId, String callbackId, int cycle, String customerId, String engineerId,
            int attempt, boolean reached, Integer satisfaction, Boolean resolvedConfirmed, String comment,
            String recordedBy, Instant recordedAt) {
    }

    public record RevisitCompleted(String ticketId, String revisitId, int cycle, String customerId, String engineerId,
            RevisitResult outcome, boolean faultRecurred, boolean inspectionRequested, String note, String recordedBy,
            Instant completedAt) {
    }

    /** The fault of a closed ticket is back; intake reopens the ticket and reads {@code note}. */
    public record FaultRecurred(String ticketId, String customerId, String previousEngineerId, int cycle, String source,
            String followupId, String note, Instant reportedAt) {
    }

    public record IncidentReportIssued(String ticketId, String customerId, int cycle, String reportPath,
            Instant closedAt, Instant issuedAt) {
    }

    public record ArticlePublished(String ticketId, String articleId, String title, String approvedBy,
            Instant publishedAt) {
    }

    /**
     * A closure reported to the supervisor responsible for the ticket ({@code responsibility} says why them): the
     * outcome, the engineer, the engineer's progress reports of this resolution cycle and when the engineer
     * submitted the visit summary.
     */
    public record SupervisorNotified(String ticketId, String notificationId, String number, String customerId,
            int cycle, String supervisorId, String responsibility, String outcome, String engineerId,
            List<ProgressReport> progressReports, Instant summarySubmittedAt, Instant closedAt, Instant notifiedAt) {
    }

    /** One step the engineer reported from site, such as a check-in, a customer's decision or a completed visit. */
    public record ProgressReport(String type, String visitId, Instant at, String note) {
    }
}
