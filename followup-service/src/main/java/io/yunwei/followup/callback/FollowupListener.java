package io.yunwei.followup.callback;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.events.EventRouter;

/** Starts the follow-up of every closure, and learns of reopenings: a closure they overtook is not followed up. */
@Component
class FollowupListener {

    private final EventRouter router;

    FollowupListener(FollowupService followups) {
        this.router = EventRouter.builder()
                .on("ticket.closed.v1", followups::ticketClosed)
                .on("ticket.reopened.v1", followups::ticketReopened).build();
    }

    @KafkaListener(topics = "intake.events")
    void on(ConsumerRecord<String, String> record) {
        router.route(record);
    }
}
