package io.yunwei.followup.callback;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.events.EventRouter;

/**
 * Starts the follow-up of every closure, and learns of reopenings: a closure they overtook is not followed up. Three
 * consumers, one per partition, so the closures that piled up while follow-up was down (a restart on a busy machine
 * took 80 s) are scheduled three at a time rather than one after another; each ticket's events stay in order on
 * their partition.
 */
@Component
class FollowupListener {

    private final EventRouter router;

    FollowupListener(FollowupService followups) {
        this.router = EventRouter.builder()
                .on("ticket.closed.v1", followups::ticketClosed)
                .on("ticket.reopened.v1", followups::ticketReopened).build();
    }

    @KafkaListener(topics = "intake.events", concurrency = "3")
    void on(ConsumerRecord<String, String> record) {
        router.route(record);
    }
}
