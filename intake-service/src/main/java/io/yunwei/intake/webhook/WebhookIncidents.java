package io.yunwei.intake.webhook;

import java.time.Instant;

import org.springframework.data.mongodb.core.mapping.Document;

import io.yunwei.chassis.outbox.OutboxDocument;
import io.yunwei.intake.webhook.WebhookEvents.WebhookDisabled;

/**
 * The times a subscription was disabled because its endpoint refused or kept failing, announced on
 * {@code intake.events} as {@code webhook.disabled.v1} (keyed by the subscription's id) so that follow-up tells the
 * supervisor who answers for its organisation. One document per subscription. An incident is announced before the
 * subscription is disabled and only once: the subscription as last configured by its owner names it, so disabling it
 * again after a crash in between announces nothing new, while enabling it again and failing again does.
 */
@Document("webhook_incidents")
class WebhookIncidents extends OutboxDocument {

    private String lastIncident;

    protected WebhookIncidents() {
    }

    WebhookIncidents(String webhookId) {
        super(webhookId);
    }

    /**
     * Announces that the subscription is being disabled, unless this incident was announced already.
     *
     * @param reason {@code GONE} (the endpoint answered 410) or {@code FAILING} (every attempt failed for the
     *        configured days)
     * @param statusCode the status of the attempt that decided it, if the endpoint answered
     * @param error what went wrong with that attempt
     */
    void disabling(Webhook webhook, String reason, Integer statusCode, String error, Instant now) {
        Instant configured = webhook.updatedAt() != null ? webhook.updatedAt() : webhook.createdAt();
        String incident = reason + "@" + configured;
        if (incident.equals(lastIncident)) {
            return;
        }
        lastIncident = incident;
        raise(WebhookEvents.DISABLED, new WebhookDisabled(webhook.id(), webhook.customerId(), webhook.url(),
                webhook.description(), reason, statusCode, error, webhook.failingSince(), now), now);
    }
}
