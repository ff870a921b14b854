package io.yunwei.intake.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class WebhookIncidentsTest {

    private static final Instant CREATED = Instant.parse("2026-11-20T01:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-25T01:00:00Z");

    @Test
    void announcesAnIncidentOnceHoweverOftenTheDisablingIsTried() {
        WebhookIncidents incidents = new WebhookIncidents("wh_1");
        Webhook failing = webhook(null);

        incidents.disabling(failing, Webhooks.FAILING, 503, "HTTP 503", NOW);
        // a crash after the announcement and before the disabling: the next failure tries again
        incidents.disabling(failing, Webhooks.FAILING, 503, "HTTP 503", NOW.plusSeconds(30));

        assertThat(incidents.sequence()).isEqualTo(1);
    }

    @Test
    void announcesAgainOnceItsOwnerEnabledItAndItFailedAgain() {
        WebhookIncidents incidents = new WebhookIncidents("wh_1");
        incidents.disabling(webhook(null), Webhooks.GONE, 410, "HTTP 410", NOW);

        incidents.disabling(webhook(NOW.plusSeconds(3600)), Webhooks.GONE, 410, "HTTP 410", NOW.plusSeconds(7200));

        assertThat(incidents.sequence()).isEqualTo(2);
    }

    private static Webhook webhook(Instant updatedAt) {
        return new Webhook("wh_1", "acme", "https://hooks.acme.example/yunwei", List.of("ticket.*"), "ERP", true, null,
                null, List.of(), CREATED, "customer-acme", updatedAt, CREATED, null, null, 1L);
    }
}
