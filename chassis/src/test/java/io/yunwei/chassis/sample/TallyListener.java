package io.yunwei.chassis.sample;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.ServerAddress;

import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.DocumentStore;

/**
 * Applies amounts from {@code sample.inbound}; a negative amount is a poison the service refuses, until a test
 * fixes the cause for a subject.
 */
@Component
class TallyListener {

    /** Subjects whose negative amounts are accepted: the cause of their poison has been fixed. */
    static final Set<String> FIXED = ConcurrentHashMap.newKeySet();
    /** Subjects whose next so many attempts find the store unreachable. */
    static final Map<String, AtomicInteger> STORE_OUTAGES = new ConcurrentHashMap<>();

    private final DocumentStore store;

    TallyListener(DocumentStore store) {
        this.store = store;
    }

    @KafkaListener(topics = "sample.inbound")
    void on(ConsumerRecord<String, String> record) {
        InboundEvent event = InboundEvent.from(record);
        storeReachableFor(event.subject());
        int amount = amountOf(event);
        store.apply(Tally.class, event, () -> new Tally(event.subject()), tally -> tally.add(amount, Instant.now()));
    }

    /** Fails as an unreachable store would while the subject has an outage left. */
    static void storeReachableFor(String subject) {
        AtomicInteger outage = STORE_OUTAGES.get(subject);
        if (outage != null && outage.getAndDecrement() > 0) {
            throw new DataAccessResourceFailureException("the store did not answer",
                    new MongoSocketReadTimeoutException("no answer", new ServerAddress(), null));
        }
    }

    /** The event's amount; a negative one is refused unless its subject's poison has been fixed. */
    static int amountOf(InboundEvent event) {
        Amount amount = event.data(Amount.class);
        if (amount.amount() < 0 && !FIXED.contains(event.subject())) {
            throw new IllegalArgumentException("negative amount " + amount.amount());
        }
        return amount.amount();
    }

    record Amount(int amount) {
    }
}
