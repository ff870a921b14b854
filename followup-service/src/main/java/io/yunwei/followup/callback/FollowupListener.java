package io.yunwei.followup.callback;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.events.InboundEvent;

/** Starts the follow-up of every closure. */
@Component
class FollowupListener {

    private final FollowupService followups;

    FollowupListener(FollowupService followups) {
        this.followups = followups;
    }

    @KafkaListener(topics = "intake.events")
    void on(ConsumerRecord<String, String> record) {
        InboundEvent event = InboundEvent.from(record);
        if ("ticket.closed.v1".equals(event.type())) {
            followups.ticketClosed(event);
        }
    }
}
