package io.yunwei.field.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.yunwei.chassis.idempotency.IdempotencyKey;
import io.yunwei.chassis.web.ApiProblem;

class TicketVisitsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");

    @Test
    void forgetsTheOldestAnswersBeyondTheBound() {
        TicketVisits visits = new TicketVisits("T1");
        for (int i = 0; i <= TicketVisits.KEPT_ANSWERS; i++) {
            visits.remember(new IdempotencyKey("e1", "k" + i, "f" + i), 200, "\"1\"", "{}", NOW);
        }

        assertThat(visits.answered(new IdempotencyKey("e1", "k0", "f0"))).isEmpty();
        assertThat(visits.answered(new IdempotencyKey("e1", "k1", "f1"))).isPresent();
    }

    @Test
    void keepsKeysPerCaller() {
        TicketVisits visits = new TicketVisits("T1");
        visits.remember(new IdempotencyKey("e1", "k", "f"), 200, "\"1\"", "{}", NOW);

        assertThat(visits.answered(new IdempotencyKey("e2", "k", "other"))).isEmpty();
    }

    @Test
    void refusesAKeyUsedForAnotherRequest() {
        TicketVisits visits = new TicketVisits("T1");
        visits.remember(new IdempotencyKey("e1", "k", "f"), 200, "\"1\"", "{}", NOW);

        assertThatThrownBy(() -> visits.answered(new IdempotencyKey("e1", "k", "other")))
                .isInstanceOf(ApiProblem.class).extracting(e -> ((ApiProblem) e).code())
                .isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }
}
