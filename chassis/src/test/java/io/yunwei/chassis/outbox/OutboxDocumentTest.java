package io.yunwei.chassis.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.OutboxDocument.Position;

class OutboxDocumentTest {

    private static final String TOPIC = "intake.events";

    @Test
    void remembersTheSequencesItSkippedAndAppliesEachOnceLate() {
        OutboxDocument document = new OutboxDocument("t-1") {
        };
        applied(document, 1);
        applied(document, 4);

        assertThat(document.skipped(TOPIC)).containsExactly(2L, 3L);
        assertThat(document.positionOf(event(3))).isEqualTo(Position.LATE);
        applied(document, 3);
        assertThat(document.positionOf(event(3))).isEqualTo(Position.DUPLICATE);
        assertThat(document.positionOf(event(4))).isEqualTo(Position.DUPLICATE);
        assertThat(document.positionOf(event(5))).isEqualTo(Position.NEXT);
        assertThat(document.skipped(TOPIC)).containsExactly(2L);
    }

    @Test
    void keepsSkippedSequencesPerTopic() {
        OutboxDocument document = new OutboxDocument("t-2") {
        };
        applied(document, 3);

        assertThat(document.positionOf(new InboundEvent("e", "x.v1", "/s", "t-2", 2, Instant.EPOCH, "field.events", "{}")))
                .isEqualTo(Position.AFTER_GAP);
        assertThat(document.skipped("field.events")).isEmpty();
        assertThat(document.skipped(TOPIC)).containsExactly(1L, 2L);
    }

    @Test
    void forgetsTheOldestSkippedSequencesBeyondTheCap() {
        OutboxDocument document = new OutboxDocument("t-3") {
        };
        applied(document, 1);
        applied(document, 2 + OutboxDocument.MAX_SKIPPED + 5);

        assertThat(document.skipped(TOPIC)).hasSize(OutboxDocument.MAX_SKIPPED).doesNotContain(2L)
                .endsWith(1L + OutboxDocument.MAX_SKIPPED + 5);
        assertThat(document.positionOf(event(2))).isEqualTo(Position.DUPLICATE);
    }

    private static void applied(OutboxDocument document, long sequence) {
        document.markConsumed(event(sequence));
    }

    private static InboundEvent event(long sequence) {
        return new InboundEvent("e-" + sequence, "x.v1", "/yunwei/test", "t", sequence, Instant.EPOCH, TOPIC, "{}");
    }
}
