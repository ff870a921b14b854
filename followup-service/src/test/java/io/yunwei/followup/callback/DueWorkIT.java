package io.yunwei.followup.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;
import io.yunwei.followup.FollowupApplication;

@IntegrationTest
class DueWorkIT {

    private static final TestEvents intake = TestInfrastructure.get().events();
    private static final TopicProbe followupEvents = TestInfrastructure.get().probe("followup.events");

    @Autowired
    DocumentStore store;

    @Autowired
    DueTasks dueTasks;

    @Autowired
    Clock clock;

    @Autowired
    MeterRegistry meters;

    @Test
    void twoInstancesNeverWorkTheSameFollowup() throws Exception {
        List<String> tickets = IntStream.range(0, 12).mapToObj(i -> UUID.randomUUID().toString()).toList();
        tickets.forEach(ticket -> Closures.close(intake, ticket, 1, "eng-wang", 1));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> tickets.stream().allMatch(t -> dueTasks.pending(t + "-C1") && dueTasks.pending(t + "-R1")));
        DueWorkProperties oneAtATime = new DueWorkProperties(true, Duration.ofSeconds(1), Duration.ofMinutes(2), 1);
        DueWorkSweeper first = new DueWorkSweeper(store, dueTasks, oneAtATime, clock, meters);
        DueWorkSweeper second = new DueWorkSweeper(store, dueTasks, oneAtATime, clock, meters);
        List<String> workedByFirst = Collections.synchronizedList(new ArrayList<>());
        List<String> workedBySecond = Collections.synchronizedList(new ArrayList<>());

        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> sweepUntilIdle(first, together, workedByFirst)),
                CompletableFuture.runAsync(() -> sweepUntilIdle(second, together, workedBySecond))).get();

        Set<String> ours = new HashSet<>();
        tickets.forEach(t -> ours.addAll(List.of(t + "-C1", t + "-R1")));
        Set<String> workedByBoth = new HashSet<>(workedByFirst);
        workedByBoth.retainAll(workedBySecond);
        assertThat(workedByBoth).isEmpty();
        assertThat(workedByFirst.stream().filter(ours::contains).count()
                + workedBySecond.stream().filter(ours::contains).count()).isEqualTo(ours.size());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> tickets.forEach(ticket -> assertThat(
                followupEvents.typesOf(ticket)).containsOnlyOnce("callback.due.v1", "revisit.due.v1")));
    }

    @Test
    void aFollowupThatFellDueWhileTheServiceWasDownIsAnnouncedOnceAfterRestart() {
        // the shared test context does not sweep: for due work this service is down
        String ticket = UUID.randomUUID().toString();
        Closures.close(intake, ticket, 1, "eng-li", 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> dueTasks.pending(ticket + "-C1"));

        try (ConfigurableApplicationContext restarted = startSweepingInstance()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !dueTasks.pending(ticket + "-C1")
                    && !dueTasks.pending(ticket + "-R1"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(followupEvents.typesOf(ticket))
                    .containsOnlyOnce("callback.due.v1", "revisit.due.v1"));
        }
        assertThat(followupEvents.typesOf(ticket)).containsOnlyOnce("callback.due.v1");
    }

    private static void sweepUntilIdle(DueWorkSweeper sweeper, CyclicBarrier together, List<String> worked) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (List<String> batch = sweeper.sweep(); !batch.isEmpty(); batch = sweeper.sweep()) {
            worked.addAll(batch);
        }
    }

    private static ConfigurableApplicationContext startSweepingInstance() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        return new SpringApplicationBuilder(FollowupApplication.class).run(
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--spring.mongodb.uri=" + infrastructure.mongoUri(),
                "--server.port=0",
                "--spring.kafka.listener.auto-startup=false",
                "--yunwei.events.sweep-interval=1s",
                "--yunwei.followup.due-work.enabled=true",
                "--yunwei.followup.due-work.interval=200ms");
    }
}
