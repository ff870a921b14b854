package io.yunwei.chassis.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;

import io.yunwei.chassis.events.InboundEvent;

/**
 * Base of every document that changes state and announces it. The events it raises are written into the
 * same document as the state change (one atomic write), its sequence numbers its events per subject, and
 * {@code consumed} remembers the last applied sequence of every topic it listens to, so that applying an
 * event and recording that it was applied are the same write.
 */
public abstract class OutboxDocument {

    @Id
    protected String id;

    private long version;

    private long sequence;

    private Map<String, Long> consumed = new HashMap<>();

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

    /** Records an event about this document's subject; it is published once the document is saved. */
    protected RaisedEvent raise(String type, Object payload, Instant at) {
        RaisedEvent event = RaisedEvent.of(type, id, ++sequence, at, payload);
        raised.add(event);
        return event;
    }

    /** Where an inbound event stands against what this document has already applied from its topic. */
    public Position positionOf(InboundEvent event) {
        long last = consumed.getOrDefault(topicKey(event.topic()), 0L);
        if (event.sequence() <= last) {
            return Position.DUPLICATE;
        }
        return event.sequence() == last + 1 ? Position.NEXT : Position.AFTER_GAP;
    }

    public void markConsumed(InboundEvent event) {
        consumed.merge(topicKey(event.topic()), event.sequence(), Math::max);
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
        AFTER_GAP
    }
}
