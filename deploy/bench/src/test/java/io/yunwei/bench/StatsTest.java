package io.yunwei.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void takesNearestRankPercentiles() {
        Stats stats = Stats.of(IntStream.rangeClosed(1, 100).boxed().toList());

        assertThat(stats.count()).isEqualTo(100);
        assertThat(stats.p50()).isEqualTo(50);
        assertThat(stats.p95()).isEqualTo(95);
        assertThat(stats.p99()).isEqualTo(99);
        assertThat(stats.max()).isEqualTo(100);
    }

    @Test
    void reportsAnEmptySampleAsNoNumbers() {
        assertThat(Stats.of(List.<Double>of()).count()).isZero();
        assertThat(Stats.of(List.<Double>of()).line()).contains("-");
    }
}
