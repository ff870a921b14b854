package io.yunwei.chassis.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;

import io.yunwei.chassis.events.InboundEvent;

/**
 * Base of every document that changes state and announces it. The events it raises are written into the
 * same document as the state change (one atomic write), its sequence numbers its events per subject, and
 * {@code consumed} remembers the last applied sequence of every topic it listens to, so that applying an
 * event and recording that it was applied are the same write. {@code skipped} remembers, per topic, the
 * sequences jumped over when a later event was applied first (their record was dead-lettered, typically), so a
 * re-driven dead letter is applied once instead of being dropped as a duplicate.
 */
public abstract class OutboxDocument {

    /** The most sequences remembered as skipped per topic; the oldest are forgotten first, to bound the document. */
    public static final int MAX_SKIPPED = 100;

    @Id
    protected String id;

    private long version;

    private long sequence;

    private Map<String, Long> consumed = new HashMap<>();

    // absent from documents written before it existed: they load with the empty map
    private Map<String, List<Long>> skipped = new HashMap<>();

    @Transient
    private final List<RaisedEvent> raised = new ArrayList<>();

    protected OutboxDocument() {
    }

    protected OutboxDocument(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public long version() {
        return version;
    }

    /** The sequence of the last event this document raised about its subject; 0 before the first. */
    public long sequence() {
        return sequence;
    }

    /** Records an event about this document's subject; it is published once the document is saved. */
    protected RaisedEvent raise(String type, Object payload, Instant at) {
        RaisedEvent event = RaisedEvent.of(type, id, ++sequence, at, payload);
        raised.add(event);
        return event;
    }

    /** Where an inbound event stands against what this document has already applied from its topic. */
    public Position positionOf(InboundEvent event) {
        String topic = topicKey(event.topic());
        long last = consumed.getOrDefault(topic, 0L);
        if (event.sequence() <= last) {
            return skippedOn(topic).contains(event.sequence()) ? Position.LATE : Position.DUPLICATE;
        }
        return event.sequence() == last + 1 ? Position.NEXT : Position.AFTER_GAP;
    }

    /** Records that the event was applied: moves the topic's position on, or crosses a late one off the skipped. */
    public void markConsumed(InboundEvent event) {
        String topic = topicKey(event.topic());
        long last = consumed.getOrDefault(topic, 0L);
        TreeSet<Long> gaps = new TreeSet<>(skippedOn(topic));
        if (event.sequence() <= last) {
            gaps.remove(event.sequence());
        } else {
            for (long missing = Math.max(last + 1, event.sequence() - MAX_SKIPPED); missing < event.sequence(); missing++) {
                gaps.add(missing);
            }
            while (gaps.size() > MAX_SKIPPED) {
                gaps.pollFirst();
            }
            consumed.put(topic, event.sequence());
        }
        if (skipped == null) {
            skipped = new HashMap<>();
        }
        if (gaps.isEmpty()) {
            skipped.remove(topic);
        } else {
            skipped.put(topic, List.copyOf(gaps));
        }
    }

    /** The sequences of a topic jumped over and not applied since, lowest first. */
    public List<Long> skipped(String topic) {
        return List.copyOf(new TreeSet<>(skippedOn(topicKey(topic))));
    }

    private List<Long> skippedOn(String topicKey) {
        return skipped == null ? List.of() : skipped.getOrDefault(topicKey, List.of());
    }

    List<RaisedEvent> raised() {
        return List.copyOf(raised);
    }

    void saved() {
        version++;
        raised.clear();
    }

    boolean isNew() {
        return version == 0;
    }

    private static String topicKey(String topic) {
        return topic.replace('.', '_');
    }

    public enum Position {
        /** Already applied: drop it. */
        DUPLICATE,
        /** The next one in sequence. */
        NEXT,
        /** Later than the next one: something in between never arrived. */
        AFTER_GAP,
        /**
         * Earlier than the last applied but skipped back then (a re-driven dead letter): applied now, out of
         * order, and only once.
         */
        LATE
    }
}
