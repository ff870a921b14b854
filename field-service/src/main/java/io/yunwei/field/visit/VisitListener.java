package io.yunwei.field.visit;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.events.EventRouter;

/**
 * Plans a visit for every dispatch (calling off the one a reassignment replaces), and the next trip when an appointment
 * follows a visit that needs a revisit. One consumer per partition, as the other services' listeners have: each
 * record waits on store round trips, which one consumer would wait on in turn through an outage's backlog. A ticket's
 * events stay on one partition, so in order.
 */
@Component
class VisitListener {

    private final EventRouter router;

    VisitListener(VisitService visits) {
        this.router = EventRouter.builder()
                .on("dispatch.assigned.v1", visits::dispatched)
                .on("dispatch.reassigned.v1", visits::reassigned)
                .on(List.of("appointment.booked.v1", "appointment.rescheduled.v1"), visits::appointed).build();
    }

    @KafkaListener(topics = "dispatch.events", concurrency = "3")
    void on(ConsumerRecord<String, String> record) {
        router.route(record);
    }
}
