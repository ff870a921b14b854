package io.yunwei.chassis.sample;

import java.time.Instant;

import io.yunwei.chassis.outbox.OutboxDocument;

/** Object mother for the sample service's documents, for tests outside its package. */
public final class SampleDocuments {

    private SampleDocuments() {
    }

    @SuppressWarnings("unchecked")
    public static <T extends OutboxDocument> Class<T> type() {
        return (Class<T>) (Class<?>) Tally.class;
    }

    public static OutboxDocument counted(String id, int... amounts) {
        Tally tally = new Tally(id);
        for (int amount : amounts) {
            tally.add(amount, Instant.now());
        }
        return tally;
    }

    public static OutboxDocument add(OutboxDocument tally, int amount) {
        ((Tally) tally).add(amount, Instant.now());
        return tally;
    }

    public static int count(OutboxDocument tally) {
        return ((Tally) tally).count();
    }
}
