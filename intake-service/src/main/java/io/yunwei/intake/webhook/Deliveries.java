package io.yunwei.intake.webhook;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/** The documents webhook deliveries are kept in. */
final class Deliveries {

    /** When an idle lane is next due: never, until something is queued on it. */
    static final Instant IDLE = Instant.parse("9999-12-31T00:00:00Z");
    /**
     * How long settled messages and attempts are kept for the delivery log and replays: MongoDB expires them by their
     * TTL indexes, and {@link DeliveryQueue#purge} deletes them where the store has no TTL expiry.
     */
    static final java.time.Duration RETENTION = java.time.Duration.ofDays(30);

    private Deliveries() {
    }

    /**
     * One event for one subscription, as it is sent on every attempt: the body is fixed when the message is made, so
     * each attempt signs the same bytes.
     *
     * @param id the subscription's id and the event's id
     * @param lane the lane it waits in (its subscription and ticket)
     * @param status {@code PENDING}, {@code DELIVERED} or {@code FAILED}
     */
    @Document("webhook_messages")
    @CompoundIndex(name = "webhook_created", def = "{'webhookId': 1, 'createdAt': 1}")
    record Message(@Id String id, String webhookId, String lane, String eventId, String type, String ticketId, String body,
            Instant createdAt, String status, int attempts, Instant lastAttemptAt, @Indexed(expireAfter = "30d") Instant settledAt) {

        static String id(String webhookId, String eventId) {
            return webhookId + ":" + eventId;
        }
    }

    /**
     * The messages of one subscription about one ticket, in the order they are to reach it: only the head is sent,
     * and the next waits until the head is delivered or has failed every attempt.
     *
     * @param queue the waiting messages' ids, head first
     * @param seen every event ever queued here, so an event consumed again is not queued twice
     * @param nextAttemptAt when the head is due; while an instance sends, the end of its lease; {@link #IDLE} when
     *        empty
     * @param attempt the attempts the head has had
     * @param claimedBy the instance's token while it sends
     * @param headSince since when the head has waited
     * @param idle whether the queue was found empty (what is queued next must wake it)
     */
    @Document("webhook_lanes")
    record Lane(@Id String id, @Indexed String webhookId, List<String> queue, List<String> seen,
            @Indexed Instant nextAttemptAt, Integer attempt, String claimedBy, Instant headSince, Boolean idle) {

        static String id(String webhookId, String ticketId) {
            return webhookId + "|" + ticketId;
        }
    }

    /**
     * One attempt to send a message, as the delivery log shows it.
     *
     * @param status {@code SUCCEEDED} or {@code FAILED}
     * @param statusCode the endpoint's answer, none if it gave none
     * @param nextAttemptAt when the message is tried again, if it is
     */
    @Document("webhook_attempts")
    @CompoundIndex(name = "webhook_at", def = "{'webhookId': 1, 'at': -1}")
    record Attempt(@Id String id, String webhookId, String messageId, String eventId, String type, String ticketId,
            int number, @Indexed(expireAfter = "30d") Instant at, String status, Integer statusCode, long latencyMs,
            String error, Instant nextAttemptAt) {
    }
}
