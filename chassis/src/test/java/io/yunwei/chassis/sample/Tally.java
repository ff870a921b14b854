package io.yunwei.chassis.sample;

import java.time.Instant;

import org.springframework.data.mongodb.core.mapping.Document;

import io.yunwei.chassis.outbox.OutboxDocument;

/** Counts what happened to a subject and announces each count. */
@Document("tallies")
class Tally extends OutboxDocument {

    private int count;

    protected Tally() {
    }

    Tally(String id) {
        super(id);
    }

    void add(int amount, Instant now) {
        count += amount;
        raise("tally.counted.v1", new Counted(id, count), now);
    }

    int count() {
        return count;
    }

    record Counted(String subject, int count) {
    }
}
