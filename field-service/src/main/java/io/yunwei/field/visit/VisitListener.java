package io.yunwei.field.visit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.events.InboundEvent;

/** Plans a visit for every dispatch (calling off the one a reassignment replaces), and the next trip when an appointment follows a visit that needs a revisit. */
@Component
class VisitListener {

    private final VisitService visits;

    VisitListener(VisitService visits) {
        this.visits = visits;
    }

    @KafkaListener(topics = "dispatch.events")
    void on(ConsumerRecord<String, String> record) {
        InboundEvent event = InboundEvent.from(record);
        switch (event.type()) {
            case "dispatch.assigned.v1" -> visits.dispatched(event);
            case "dispatch.reassigned.v1" -> visits.reassigned(event);
            case "appointment.booked.v1", "appointment.rescheduled.v1" -> visits.appointed(event);
            default -> {
                // other dispatch events do not change a visit
            }
        }
    }
}
