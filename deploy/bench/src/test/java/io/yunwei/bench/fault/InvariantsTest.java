package io.yunwei.bench.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.yunwei.bench.EventLog.Event;

class InvariantsTest {

    private static Event event(String topic, long offset, String id, String type, long sequence) {
        return new Event(topic, 0, offset, "t1", id, type, sequence, Instant.EPOCH, 0, 10, "{}");
    }

    @Test
    void acceptsARedeliveryOfTheSameEvent() {
        List<Event> events = List.of(event("intake.events", 0, "a", "ticket.recorded.v1", 1),
                event("intake.events", 1, "b", "ticket.opened.v1", 2), event("intake.events", 2, "a", "ticket.recorded.v1", 1));

        assertThat(FaultSuite.duplicated(events)).isNull();
        assertThat(FaultSuite.outOfOrder(events)).isNull();
    }

    @Test
    void flagsTwoDifferentEventsUnderOneSequence() {
        List<Event> events = List.of(event("intake.events", 0, "a", "ticket.recorded.v1", 1),
                event("intake.events", 1, "b", "ticket.opened.v1", 1));

        assertThat(FaultSuite.duplicated(events)).contains("sequence intake.events#1");
    }

    @Test
    void flagsASecondAssignment() {
        List<Event> events = List.of(event("dispatch.events", 0, "a", "dispatch.assigned.v1", 1),
                event("dispatch.events", 1, "b", "dispatch.assigned.v1", 2));

        assertThat(FaultSuite.duplicated(events)).contains("dispatch.assigned.v1");
    }

    @Test
    void flagsAGapOrAReversal() {
        assertThat(FaultSuite.outOfOrder(List.of(event("field.events", 0, "a", "visit.checked-in.v1", 2),
                event("field.events", 1, "b", "visit.completed.v1", 1)))).contains("sequence 2");
    }

    private static io.yunwei.bench.Lifecycle.Outcome lifecycle(long startedMillis, long tookMillis) {
        return new io.yunwei.bench.Lifecycle.Outcome("t", "k", "{}", null, true, null, startedMillis,
                tookMillis * 1_000_000, List.of());
    }

    @Test
    void catchUpEndsWhenTheLastLifecycleTheFaultSlowedFinishes() {
        long slow = FaultSuite.slowBound(java.util.stream.LongStream.rangeClosed(1, 100)
                .mapToObj(i -> lifecycle(0, 500 + i)).toList());
        // p99 of 501..600 ms is 599 ms: twice that is less than p99 + 2 s
        assertThat(slow).isEqualTo(2_599_000_000L);

        long faultEnd = 100_000;
        List<io.yunwei.bench.Lifecycle.Outcome> phase = List.of(lifecycle(90_000, 600),
                lifecycle(95_000, 20_000), // waited through the fault: finished at 115 s
                lifecycle(112_000, 4_000), // behind the backlog: finished at 116 s
                lifecycle(130_000, 700)); // normal again
        assertThat(FaultSuite.catchUp(phase, slow, faultEnd)).isEqualTo(new FaultSuite.CatchUp(16_000, 0));
        assertThat(FaultSuite.catchUp(List.of(lifecycle(90_000, 600), lifecycle(130_000, 700)), slow, faultEnd))
                .isEqualTo(new FaultSuite.CatchUp(0, 0));
    }

    @Test
    void aLifecycleSlowAfterTheStackRecoveredIsTheUsualTailNotTheFaults() {
        long slow = 3_000_000_000L;
        long faultEnd = 100_000;
        List<io.yunwei.bench.Lifecycle.Outcome> phase = new java.util.ArrayList<>();
        phase.add(lifecycle(95_000, 30_000)); // waited through the fault: finished at 125 s
        phase.add(lifecycle(101_000, 10_000)); // behind the backlog: finished at 111 s
        // 19 usual ones in a row, then a slow one: not yet recovered, so it counts
        for (int i = 0; i < 19; i++) {
            phase.add(lifecycle(102_000 + i * 500, 800));
        }
        phase.add(lifecycle(112_000, 4_000)); // finished at 116 s, before the one from 95 s
        // the first 20 usual ones in a row from 113 s: recovered; a slow one later is the stack's usual tail
        for (int i = 0; i < 20; i++) {
            phase.add(lifecycle(113_000 + i * 500, 800));
        }
        phase.add(lifecycle(600_000, 5_000));
        phase.add(lifecycle(900_000, 4_000));
        java.util.Collections.shuffle(phase, new java.util.Random(7));

        assertThat(FaultSuite.catchUp(phase, slow, faultEnd)).isEqualTo(new FaultSuite.CatchUp(25_000, 2));
    }

    @Test
    void withoutTwentyUsualLifecyclesInARowEverySlowOneCounts() {
        long slow = 3_000_000_000L;
        long faultEnd = 100_000;
        List<io.yunwei.bench.Lifecycle.Outcome> phase = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // every tenth lifecycle slow, to the end of the phase
            phase.add(lifecycle(100_000 + i * 1_000, i % 10 == 9 ? 5_000 : 800));
        }
        // the last slow one started at 159 s and finished at 164 s
        assertThat(FaultSuite.catchUp(phase, slow, faultEnd)).isEqualTo(new FaultSuite.CatchUp(64_000, 0));
    }
}
