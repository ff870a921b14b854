package io.yunwei.field.visit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.events.InboundEvent;

/** Plans a visit for every dispatch. */
@Component
class VisitListener {

    private final VisitService visits;

    VisitListener(VisitService visits) {
        this.visits = visits;
    }

    @KafkaListener(topics = "dispatch.events")
    void on(ConsumerRecord<String, String> record) {
        InboundEvent event = InboundEvent.from(record);
        if ("dispatch.assigned.v1".equals(event.type())) {
            visits.dispatched(event);
        }
    }
}
