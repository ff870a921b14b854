package io.yunwei.followup.callback;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.outbox.DocumentStore;

/** Sweeps for due follow-ups on a fixed delay, on every instance where sweeping is enabled. */
@Component
@ConditionalOnProperty(name = "yunwei.followup.due-work.enabled", matchIfMissing = true)
class DueWorkSchedule {

    private final DueWorkSweeper sweeper;

    DueWorkSchedule(DocumentStore store, DueTasks dueTasks, DueWorkProperties properties, Clock clock,
            MeterRegistry meters) {
        this.sweeper = new DueWorkSweeper(store, dueTasks, properties, clock, meters);
    }

    @Scheduled(fixedDelayString = "${yunwei.followup.due-work.interval:30s}",
            initialDelayString = "${yunwei.followup.due-work.interval:30s}")
    void sweep() {
        sweeper.sweep();
    }
}
