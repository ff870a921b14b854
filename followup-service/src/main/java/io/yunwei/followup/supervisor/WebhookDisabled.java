package io.yunwei.followup.supervisor;

import java.time.Instant;

/** The payload of intake's {@code webhook.disabled.v1}, as follow-up reads it. */
public record WebhookDisabled(String webhookId, String customerId, String url, String description, String reason,
        Integer statusCode, String error, Instant failingSince, Instant disabledAt) {

    public static final String TYPE = "webhook.disabled.v1";
}
