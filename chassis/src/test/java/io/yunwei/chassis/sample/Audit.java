package io.yunwei.chassis.sample;

import org.springframework.data.mongodb.core.mapping.Document;

import io.yunwei.chassis.outbox.OutboxDocument;

/** Counts the events a second consumer group saw about a subject; it announces nothing. */
@Document("audits")
class Audit extends OutboxDocument {

    private int seen;

    protected Audit() {
    }

    Audit(String id) {
        super(id);
    }

    void saw() {
        seen++;
    }

    int seen() {
        return seen;
    }
}
