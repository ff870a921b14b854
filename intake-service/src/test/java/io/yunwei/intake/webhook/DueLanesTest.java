package io.yunwei.intake.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The lanes an instance knows to be due: which it takes, and when its sender wakes. */
class DueLanesTest {

    final DueLanes lanes = new DueLanes();
    final Instant now = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void givesTheLanesDueByNowSoonestFirstEachOnceAndKeepsTheRest() {
        lanes.due("later", now.plusSeconds(5));
        lanes.due("b", now.minusSeconds(1));
        lanes.due("a", now.minusSeconds(2));
        lanes.due("b", now);
        lanes.due("c", now);

        assertThat(lanes.take(now, 2)).containsExactly("a", "b");
        assertThat(lanes.take(now, 10)).containsExactly("c");
        assertThat(lanes.take(now, 10)).isEmpty();
        assertThat(lanes.take(now.plusSeconds(5), 10)).containsExactly("later");
    }

    @Test
    void aSearchAskedForIsAnsweredOnce() {
        assertThat(lanes.searchWanted()).isFalse();
        lanes.search();
        assertThat(lanes.searchWanted()).isTrue();
        assertThat(lanes.searchWanted()).isFalse();
    }

    @Test
    void waitsUntilTheNextLaneIsDueOrSomethingChanges() throws Exception {
        Instant start = Instant.now();
        lanes.due("soon", start.plusMillis(300));
        // told of a lane since the last wait: no wait at all
        assertThat(waited(() -> lanes.await(start, start.plusSeconds(30), true))).isLessThan(Duration.ofMillis(200));
        assertThat(waited(() -> lanes.await(Instant.now(), start.plusSeconds(30), true)))
                .isBetween(Duration.ofMillis(150), Duration.ofSeconds(10));
        assertThat(lanes.take(Instant.now(), 10)).containsExactly("soon");

        // due, but nothing could be sent now: only a change wakes it
        lanes.due("blocked", Instant.now().minusSeconds(1));
        lanes.await(Instant.now(), Instant.now(), false);
        CompletableFuture<Duration> waiting = CompletableFuture.supplyAsync(
                () -> waited(() -> lanes.await(Instant.now(), Instant.now().plusSeconds(30), false)));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
        lanes.poke();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isLessThan(Duration.ofSeconds(10));
    }

    private static Duration waited(Waiting waiting) {
        long began = System.nanoTime();
        try {
            waiting.run();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return Duration.ofNanos(System.nanoTime() - began);
    }

    private interface Waiting {
        void run() throws InterruptedException;
    }
}
