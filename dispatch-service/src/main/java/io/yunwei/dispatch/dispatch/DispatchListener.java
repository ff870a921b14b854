package io.yunwei.dispatch.dispatch;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.events.InboundEvent;

/** Opens dispatches for tickets that need an engineer, times the arrival on site and closes them when the visit is done. */
@Component
class DispatchListener {

    private final DispatchService dispatches;

    DispatchListener(DispatchService dispatches) {
        this.dispatches = dispatches;
    }

    @KafkaListener(topics = { "intake.events", "field.events" })
    void on(ConsumerRecord<String, String> record) {
        InboundEvent event = InboundEvent.from(record);
        switch (event.type()) {
            case "ticket.opened.v1", "ticket.reopened.v1" -> dispatches.assign(event);
            case "ticket.cancelled.v1" -> dispatches.cancelled(event);
            case "visit.checked-in.v1" -> dispatches.visitCheckedIn(event);
            case "visit.completed.v1" -> dispatches.visitCompleted(event);
            default -> {
                // other lifecycle events do not concern dispatch
            }
        }
    }
}
