package io.yunwei.intake.webhook;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What callers send to manage webhooks. */
final class WebhookRequests {

    private WebhookRequests() {
    }

    /**
     * @param customerId the organisation whose tickets' events it receives: a customer's own (the default for a
     *        customer), or, for an administrator, any or none (every organisation)
     */
    record NewWebhook(@NotNull @Size(max = 2000) String url,
            @NotEmpty @Size(max = 50) List<@NotNull @Size(max = 100) String> events,
            @Size(max = 500) String description, @Size(max = 64) String customerId) {
    }

    /** A change to a subscription: only what is given changes. */
    record WebhookChange(@Size(max = 2000) String url, @Size(min = 1, max = 50) List<@NotNull @Size(max = 100) String> events,
            @Size(max = 500) String description, Boolean enabled) {
    }

    /** The window of messages to send again, by when each was made. */
    record Replay(@NotNull OffsetDateTime from, @NotNull OffsetDateTime to) {
    }
}
