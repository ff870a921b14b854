package io.yunwei.chassis.sample;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.ApplicationContext;

import io.yunwei.chassis.outbox.DocumentStore;
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

    /** From now on the sample listener accepts the subject's negative amounts, as if a bug had been fixed. */
    public static void fixPoisonOf(String subject) {
        TallyListener.FIXED.add(subject);
    }

    /** The next {@code attempts} to apply an event of the subject find the store unreachable. */
    public static void storeOutageFor(String subject, int attempts) {
        TallyListener.STORE_OUTAGES.put(subject, new java.util.concurrent.atomic.AtomicInteger(attempts));
    }

    /** Hands the records to the sample's batch listener as one batch, as a poll that brought them all would. */
    public static void receiveTogether(ApplicationContext context, List<ConsumerRecord<String, String>> records) {
        context.getBean(BatchTallyListener.class).on(records);
    }

    /** A subject that the sample's second consumer group looks at too. */
    public static String audited() {
        return AuditListener.PREFIX + UUID.randomUUID();
    }

    /** How many events the sample's second consumer group applied about a subject. */
    public static int audited(DocumentStore store, String subject) {
        return store.find(Audit.class, subject).map(Audit::seen).orElse(0);
    }

    public static int count(OutboxDocument tally) {
        return ((Tally) tally).count();
    }
}
