package io.yunwei.chassis.sample;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

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

    private final DocumentStore store;

    TallyListener(DocumentStore store) {
        this.store = store;
    }

    @KafkaListener(topics = "sample.inbound")
    void on(ConsumerRecord<String, String> record) {
        InboundEvent event = InboundEvent.from(record);
        Amount amount = event.data(Amount.class);
        if (amount.amount() < 0 && !FIXED.contains(event.subject())) {
            throw new IllegalArgumentException("negative amount " + amount.amount());
        }
        store.apply(Tally.class, event, () -> new Tally(event.subject()), tally -> tally.add(amount.amount(), Instant.now()));
    }

    record Amount(int amount) {
    }
}
