package io.yunwei.dispatch.assignment;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.events.EventRouter;

/** Opens dispatches for tickets that need an engineer, times the arrival on site and closes them when the visit is done. */
@Component
class DispatchListener {

    private final EventRouter router;

    DispatchListener(DispatchService dispatches) {
        this.router = EventRouter.builder()
                .on(List.of("ticket.opened.v1", "ticket.reopened.v1"), dispatches::assign)
                .on("ticket.cancelled.v1", dispatches::cancelled)
                .on("visit.checked-in.v1", dispatches::visitCheckedIn)
                .on("visit.completed.v1", dispatches::visitCompleted).build();
    }

    @KafkaListener(topics = { "intake.events", "field.events" })
    void on(ConsumerRecord<String, String> record) {
        router.route(record);
    }
}
