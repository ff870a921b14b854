package io.yunwei.chassis.sample;

import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.micrometer.observation.ObservationRegistry;
import io.yunwei.chassis.consumer.SubjectBatches;
import io.yunwei.chassis.outbox.DocumentStore;

/**
 * The sample's batch listener, on {@code sample.batches}: applies what a poll brought subject by subject, each
 * subject's events with one write ({@link SubjectBatches}). Poison and store outages as for {@link TallyListener}.
 */
@Component
public class BatchTallyListener {

    public static final String ID = "sample-batches";

    private final DocumentStore store;
    private final SubjectBatches batches;

    BatchTallyListener(DocumentStore store, ObservationRegistry observations) {
        this.store = store;
        this.batches = new SubjectBatches(observations, ID);
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = "sample.batches", batch = "true",
            containerPostProcessor = SubjectBatches.CONTAINER)
    void on(List<ConsumerRecord<String, String>> records) {
        batches.apply(records, (events, scope) -> {
            TallyListener.storeReachableFor(events.getFirst().subject());
            store.applyAll(Tally.class, events, () -> new Tally(events.getFirst().subject()), scope,
                    (tally, event) -> tally.add(TallyListener.amountOf(event), Instant.now()));
        });
    }
}
