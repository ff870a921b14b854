package io.yunwei.followup.supervisor;

import java.time.Instant;
import java.util.List;

import io.yunwei.followup.callback.FollowupEvents.ProgressReport;
import io.yunwei.followup.callback.TicketFollowup.SupervisorNotice;

/** A closure as the supervisor's inbox shows it. */
record NoticeView(String id, String ticketId, String number, String customerId, int cycle, String supervisorId,
        String responsibility, String outcome, String engineerId, List<ProgressReport> progressReports,
        Instant summarySubmittedAt, Instant closedAt, Instant notifiedAt, boolean acknowledged, String acknowledgedBy,
        Instant acknowledgedAt) {

    static NoticeView of(String ticketId, SupervisorNotice n) {
        return new NoticeView(n.id(), ticketId, n.number(), n.customerId(), n.cycle(), n.supervisorId(),
                n.responsibility(), n.outcome(), n.engineerId(), n.progressReports(), n.summarySubmittedAt(),
                n.closedAt(), n.notifiedAt(), n.acknowledgedAt() != null, n.acknowledgedBy(), n.acknowledgedAt());
    }
}
