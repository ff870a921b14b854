package io.yunwei.chassis.outbox;

import java.time.Instant;
import java.util.UUID;

/** An event raised by a document, not yet written. */
public record RaisedEvent(String id, String type, String subject, long sequence, Instant time, Object payload) {

    static RaisedEvent of(String type, String subject, long sequence, Instant time, Object payload) {
        return new RaisedEvent(UUID.randomUUID().toString(), type, subject, sequence, time, payload);
    }
}
