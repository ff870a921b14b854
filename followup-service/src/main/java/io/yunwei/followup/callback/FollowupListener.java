package io.yunwei.followup.callback;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.events.InboundEvent;

/** Starts the follow-up of every closure, and learns of reopenings: a closure they overtook is not followed up. */
@Component
class FollowupListener {

    private final FollowupService followups;

    FollowupListener(FollowupService followups) {
        this.followups = followups;
    }

    @KafkaListener(topics = "intake.events")
    void on(ConsumerRecord<String, String> record) {
        InboundEvent event = InboundEvent.from(record);
        switch (event.type()) {
            case "ticket.closed.v1" -> followups.ticketClosed(event);
            case "ticket.reopened.v1" -> followups.ticketReopened(event);
            default -> {
                // other lifecycle events do not concern follow-up
            }
        }
    }
}
