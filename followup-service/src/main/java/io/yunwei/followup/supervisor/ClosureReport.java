package io.yunwei.followup.supervisor;

import java.time.Instant;
import java.util.List;

import io.yunwei.followup.ticket.FollowupEvents.ProgressReport;

/**
 * What the archive knows about a closure when it happens: the facts the responsible supervisor is told. The
 * summary is the engineer's completion of the last visit, with the signed service form.
 */
public record ClosureReport(String ticketId, String number, String customerId, String areaCode, int cycle,
        String outcome, String engineerId, List<ProgressReport> progressReports, Instant summarySubmittedAt,
        Instant closedAt) {
}
