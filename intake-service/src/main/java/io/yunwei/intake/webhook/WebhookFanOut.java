package io.yunwei.intake.webhook;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Projections.include;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.intake.ticket.Ticket;

/**
 * Turns every event of every service into a message for each subscription that wants it, in its own consumer group
 * over all four topics. A subscription takes the events of its organisation's tickets (intake knows each ticket's
 * organisation before any event about the ticket exists) published from its creation on; a disabled subscription's
 * messages wait for it to be enabled again (or deleted). Queuing is idempotent, so an
 * event consumed again after a crash queues nothing twice; the offset is committed only after it is queued.
 */
@Component
class WebhookFanOut {

    private final Webhooks webhooks;
    private final DeliveryQueue queue;
    private final MongoTemplate mongo;

    WebhookFanOut(Webhooks webhooks, DeliveryQueue queue, MongoTemplate mongo) {
        this.webhooks = webhooks;
        this.queue = queue;
        this.mongo = mongo;
    }

    @KafkaListener(topics = { "intake.events", "dispatch.events", "field.events", "followup.events" },
            groupId = "${spring.application.name}-webhooks")
    void on(ConsumerRecord<String, String> record) {
        InboundEvent event = InboundEvent.from(record);
        if (event.type().equals(WebhookEvents.DISABLED)) {
            // about a subscription, not a ticket: its organisation's supervisor hears of it, not its endpoints
            return;
        }
        List<Webhook> interested = webhooks.at(event.time()).stream().filter(webhook -> Webhook.matches(webhook.events(), event.type())
                && !event.time().isBefore(webhook.createdAt())).toList();
        if (interested.isEmpty()) {
            return;
        }
        String customerId = interested.stream().allMatch(webhook -> webhook.customerId() == null) ? null
                : customerOf(event.subject());
        for (Webhook webhook : interested) {
            if (webhook.wants(event.type(), customerId)) {
                queue.enqueue(webhooks.message(webhook.id(), event.subject(), event.id(), event.type(), event.sequence(),
                        event.time(), webhooks.eventData(event.subject(), event.sequence(), event.data())));
            }
        }
    }

    private String customerOf(String ticketId) {
        Document ticket = mongo.getCollection(mongo.getCollectionName(Ticket.class)).find(eq("_id", ticketId))
                .projection(include("customerId")).first();
        return ticket == null ? null : ticket.getString("customerId");
    }
}
