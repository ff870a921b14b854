package io.yunwei.chassis.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import io.yunwei.chassis.consumer.DeadLetters;

/**
 * Feeds a service one subject's events out of order, as a re-driven dead letter arrives after the events that
 * followed it: first the later events, then the late one with its sequence and the time it happened (just before
 * the later ones), twice, as a redelivery would. Each step returns once the service's consumer groups have handled
 * what it sent, and fails when any of it was dead-lettered, so the test can look at the outcome.
 */
public final class LateDelivery {

    private static final Duration HANDLED_WITHIN = Duration.ofSeconds(60);

    private final TestEvents events;
    private final MongoTemplate mongo;
    private final List<String> groups;
    private Instant firstSent;

    /** {@code mongo}: the service's store, where its dead letters are kept; {@code groups}: its consumer groups. */
    public LateDelivery(TestEvents events, MongoTemplate mongo, String... groups) {
        this.events = events;
        this.mongo = mongo;
        this.groups = List.of(groups);
    }

    /**
     * Sends the subject's events in order, each stamped now; answers their ids. Only the events of one topic keep
     * their order on the way, so each is handled before one of another topic follows.
     */
    public List<String> inOrder(String subject, List<Event> later) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < later.size(); i++) {
            Event event = later.get(i);
            String id = UUID.randomUUID().toString();
            Instant now = Instant.now();
            if (firstSent == null) {
                firstSent = now;
            }
            RecordMetadata sent = events.sendAt(now, event.topic(), event.type(), subject, event.sequence(),
                    event.json(), id);
            ids.add(id);
            if (i == later.size() - 1 || !later.get(i + 1).topic().equals(event.topic())) {
                awaitHandled(subject, sent);
            }
        }
        return ids;
    }

    /**
     * Delivers the subject's event that happened a millisecond (the store's precision) before the first one sent in
     * order, twice; answers its id.
     */
    public String late(String subject, Event event) {
        Instant happened = firstSent == null ? Instant.now() : firstSent.minusMillis(1);
        String id = UUID.randomUUID().toString();
        events.sendAt(happened, event.topic(), event.type(), subject, event.sequence(), event.json(), id);
        awaitHandled(subject,
                events.sendAt(happened, event.topic(), event.type(), subject, event.sequence(), event.json(), id));
        return id;
    }

    private void awaitHandled(String subject, RecordMetadata last) {
        await().atMost(HANDLED_WITHIN).until(() -> groups.stream().allMatch(group -> events.handled(group, last)));
        if (mongo.getCollection(DeadLetters.COLLECTION).countDocuments(new Document("key", subject)) > 0) {
            throw new AssertionError("An event of " + subject + " was dead-lettered");
        }
    }

    /** One event about the subject, as its producer publishes it. */
    public record Event(String topic, String type, long sequence, String json) {

        /** The event with a placeholder of its payload (a name the test gives the subject, say) filled in. */
        public Event with(String placeholder, String value) {
            return new Event(topic, type, sequence, json.replace(placeholder, value));
        }
    }
}
