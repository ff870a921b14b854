package io.yunwei.intake.webhook;

import java.time.Instant;

/**
 * What intake publishes on {@code intake.events} about webhook subscriptions, keyed by the subscription's id: wire
 * names and payloads. Add fields, never rename them. Subscriptions are not sent these; the supervisor is told.
 */
public final class WebhookEvents {

    /** A subscription was disabled because its endpoint answered 410 or failed for the configured days. */
    public static final String DISABLED = "webhook.disabled.v1";

    private WebhookEvents() {
    }

    /**
     * A subscription disabled because its endpoint refused or kept failing, so its organisation's supervisor can act.
     *
     * @param customerId the organisation the subscription belongs to; none for an organisation-wide one
     * @param reason {@code GONE} (the endpoint answered 410) or {@code FAILING} (every attempt failed for days)
     * @param statusCode the endpoint's answer to the attempt that decided it, if it answered
     * @param failingSince when its endpoint started failing, if it had been failing
     */
    public record WebhookDisabled(String webhookId, String customerId, String url, String description, String reason,
            Integer statusCode, String error, Instant failingSince, Instant disabledAt) {
    }
}
