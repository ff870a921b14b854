package io.yunwei.followup.supervisor;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * What the supervisor answering for an organisation was told when one of its webhook subscriptions was disabled
 * because its endpoint refused ({@code GONE}) or kept failing ({@code FAILING}); intake announces it as
 * {@code webhook.disabled.v1}. Its id is the subscription's and the event's sequence, so the event delivered again
 * finds it there.
 *
 * @param customerId the subscription's organisation; none for an organisation-wide subscription
 * @param statusCode the endpoint's answer to the attempt that decided it, if it answered
 * @param failingSince when the endpoint started failing, if it had been failing
 */
@Document("webhook_notices")
@CompoundIndex(name = "supervisor_notified", def = "{'supervisorId': 1, 'notifiedAt': 1}")
record WebhookNotice(@Id String id, String webhookId, String customerId, String url, String description, String reason,
        Integer statusCode, String error, Instant failingSince, Instant disabledAt, String supervisorId,
        String responsibility, Instant notifiedAt, String acknowledgedBy, Instant acknowledgedAt) {

    /** The kind of item in a notice's id: {@code <subscription>-W<sequence>}. */
    static final char KIND = 'W';
}
