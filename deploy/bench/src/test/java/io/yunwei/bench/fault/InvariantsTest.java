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
        assertThat(FaultSuite.catchUpMillis(phase, slow, faultEnd)).isEqualTo(16_000);
        assertThat(FaultSuite.catchUpMillis(List.of(lifecycle(90_000, 600), lifecycle(130_000, 700)), slow, faultEnd))
                .isZero();
    }
}
