package io.yunwei.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LifecycleTest {

    private static final Duration QUARTER = Duration.ofMillis(250);

    @Test
    void asksFourTimesASecondWhileAStepIsYoung() {
        assertThat(Lifecycle.nextPoll(QUARTER, Duration.ofMillis(1_900).toNanos())).isEqualTo(QUARTER);
    }

    @Test
    void thenWaitsHalfAsLongAgainEachTimeUpToTwoSeconds() {
        long late = Duration.ofSeconds(3).toNanos();
        Duration interval = QUARTER;
        for (long expected : new long[] { 375, 562, 843, 1_265, 1_898, 2_000, 2_000 }) {
            interval = Lifecycle.nextPoll(interval, late);
            assertThat(interval.toMillis()).isEqualTo(expected);
        }
    }
}
