package io.yunwei.chassis.sample;

import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.DocumentStore;

/** Applies amounts from {@code sample.inbound}; a negative amount is a poison the service refuses. */
@Component
class TallyListener {

    private final DocumentStore store;

    TallyListener(DocumentStore store) {
        this.store = store;
    }

    @KafkaListener(topics = "sample.inbound")
    void on(ConsumerRecord<String, String> record) {
        InboundEvent event = InboundEvent.from(record);
        Amount amount = event.data(Amount.class);
        if (amount.amount() < 0) {
            throw new IllegalArgumentException("negative amount " + amount.amount());
        }
        store.apply(Tally.class, event, () -> new Tally(event.subject()), tally -> tally.add(amount.amount(), Instant.now()));
    }

    record Amount(int amount) {
    }
}
