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
}
