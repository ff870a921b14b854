package io.yunwei.chassis.sample;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.DocumentStore;

/**
 * A second consumer group on {@code sample.inbound}, as a service with two listeners of one topic has. It looks
 * only at subjects starting with {@value #PREFIX} (so other tests see one group), and refuses the amount
 * {@value #REFUSED} until a test fixes the cause for a subject.
 */
@Component
class AuditListener {

    static final String PREFIX = "audited-";
    static final int REFUSED = -999;

    private final DocumentStore store;

    AuditListener(DocumentStore store) {
        this.store = store;
    }

    @KafkaListener(topics = "sample.inbound", groupId = "sample-audit")
    void on(ConsumerRecord<String, String> record) {
        if (record.key() == null || !record.key().startsWith(PREFIX)) {
            return;
        }
        InboundEvent event = InboundEvent.from(record);
        if (event.data(TallyListener.Amount.class).amount() == REFUSED
                && !TallyListener.FIXED.contains(event.subject())) {
            throw new IllegalArgumentException("audit refuses " + REFUSED);
        }
        store.apply(Audit.class, event, () -> new Audit(event.subject()), Audit::saw);
    }
}
