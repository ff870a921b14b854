package io.yunwei.followup.supervisor;

import java.time.Instant;
import java.util.List;

import io.yunwei.followup.ticket.FollowupEvents.ProgressReport;
import io.yunwei.followup.ticket.TicketFollowup.SupervisorNotice;

/**
 * A notice as the supervisor's inbox shows it: a ticket's closure ({@code TICKET_CLOSED}, with the ticket's fields)
 * or a webhook subscription of an organisation the supervisor answers for, disabled because its endpoint refused or
 * kept failing ({@code WEBHOOK_DISABLED}, with {@code webhook}).
 */
record NoticeView(String id, String kind, String ticketId, String number, String customerId, int cycle,
        String supervisorId, String responsibility, String outcome, String engineerId,
        List<ProgressReport> progressReports, Instant summarySubmittedAt, Instant closedAt, Instant notifiedAt,
        boolean acknowledged, String acknowledgedBy, Instant acknowledgedAt, DisabledWebhook webhook) {

    static final String TICKET_CLOSED = "TICKET_CLOSED";
    static final String WEBHOOK_DISABLED = "WEBHOOK_DISABLED";

    static NoticeView of(String ticketId, SupervisorNotice n) {
        return new NoticeView(n.id(), TICKET_CLOSED, ticketId, n.number(), n.customerId(), n.cycle(), n.supervisorId(),
                n.responsibility(), n.outcome(), n.engineerId(), n.progressReports(), n.summarySubmittedAt(),
                n.closedAt(), n.notifiedAt(), n.acknowledgedAt() != null, n.acknowledgedBy(), n.acknowledgedAt(), null);
    }

    static NoticeView of(WebhookNotice n) {
        return new NoticeView(n.id(), WEBHOOK_DISABLED, null, null, n.customerId(), 0, n.supervisorId(),
                n.responsibility(), null, null, null, null, null, n.notifiedAt(), n.acknowledgedAt() != null,
                n.acknowledgedBy(), n.acknowledgedAt(), new DisabledWebhook(n.webhookId(), n.url(), n.description(),
                        n.reason(), n.statusCode(), n.error(), n.failingSince(), n.disabledAt()));
    }

    /**
     * The subscription that was disabled, and why.
     *
     * @param reason {@code GONE} (its endpoint answered 410) or {@code FAILING} (every attempt failed for days)
     * @param statusCode the endpoint's answer to the attempt that decided it, if it answered
     * @param error what went wrong with that attempt
     */
    record DisabledWebhook(String id, String url, String description, String reason, Integer statusCode, String error,
            Instant failingSince, Instant disabledAt) {
    }
}
