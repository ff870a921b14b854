package io.yunwei.intake.webhook;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A subscription as its owner sees it; the secret only once, in the answer to its creation.
 *
 * @param disabledReason why it is disabled: {@code BY_OWNER}, {@code GONE} (the endpoint answered 410) or
 *        {@code FAILING} (every attempt failed for the configured days)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WebhookView(String id, String customerId, String url, List<String> events, String description, boolean enabled,
        String disabledReason, Instant disabledAt, Instant failingSince, Instant createdAt, String createdBy,
        Instant updatedAt, String secret) {

    static WebhookView of(Webhook webhook) {
        return of(webhook, null);
    }

    static WebhookView of(Webhook webhook, String secret) {
        return new WebhookView(webhook.id(), webhook.customerId(), webhook.url(), webhook.events(),
                webhook.description(), webhook.enabled(), webhook.disabledReason(), webhook.disabledAt(),
                webhook.failingSince(), webhook.createdAt(), webhook.createdBy(), webhook.updatedAt(), secret);
    }
}
