package io.yunwei.chassis.consumer;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.yunwei.chassis.events.Correlation;
import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.events.MalformedEventException;
import io.yunwei.chassis.health.StoreOutage;
import io.yunwei.chassis.outbox.DocumentStore;

/**
 * Applies the records a batch listener received subject by subject: each subject's events in the order they came, all
 * at once, so that one read and one write of the subject's document apply them ({@link DocumentStore#applyAll}).
 * Events of one subject travel in bursts (one write raises several), and behind an outage the bursts grow: the longer
 * the backlog, the fewer round trips to the store it costs.
 *
 * <p>Each record is still handled as the listener container handles a record alone. Its observation (the trace it
 * continues) and its request id are current while it is applied and while the listener does what follows from it
 * ({@link Subject}), so the events it causes carry them on; it is one observation however often its scope opens.
 * When applying a subject fails for any reason but the store, the records not yet applied are applied again one at a
 * time, in the order received, and the one that fails is reported by its index ({@link BatchListenerFailedException}):
 * the container commits the records before it, retries and dead-letters that one alone, as for a record listener, and
 * delivers the rest again, where the ones already applied are dropped as duplicates. A record without an event
 * envelope ends the batch at its index the same way. When the store is unreachable, nothing is applied until it
 * answers: the first record not applied waits for it.
 *
 * <p>A listener that applies its records here names {@link #CONTAINER} as its container post-processor. A batch
 * listener's container times each batch itself, under the same meter name as the records' observations but with other
 * tags ({@code name}, {@code result}); Prometheus takes only one set of tag keys per name, so one of the two would be
 * refused, and with it every listener timer of the service registered after it.
 */
public final class SubjectBatches {

    /** The bean a batch listener applying its records here names as its {@code containerPostProcessor}. */
    public static final String CONTAINER = "subjectBatchesContainer";

    /**
     * Applies one subject's events, in the order given, opening {@code scope} around each one's change and around
     * anything else done for one of them.
     */
    @FunctionalInterface
    public interface Subject {
        void apply(List<InboundEvent> events, DocumentStore.EventScope scope);
    }

    private final ObservationRegistry observations;
    private final String listenerId;

    public SubjectBatches(ObservationRegistry observations, String listenerId) {
        this.observations = observations;
        this.listenerId = listenerId;
    }

    /** Leaves timing to the observation {@link #apply} opens around each record. */
    public static void container(AbstractMessageListenerContainer<?, ?> container) {
        container.getContainerProperties().setMicrometerEnabled(false);
    }

    public void apply(List<ConsumerRecord<String, String>> records, Subject subject) {
        List<InboundEvent> events = new ArrayList<>();
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        MalformedEventException malformed = null;
        for (ConsumerRecord<String, String> record : records) {
            try {
                events.add(InboundEvent.from(record));
                received.add(record);
            } catch (MalformedEventException e) {
                malformed = e;
                break;
            }
        }
        Batch batch = new Batch(events, received);
        for (List<Integer> indexes : bySubject(events).values()) {
            try {
                batch.apply(indexes, subject);
            } catch (RuntimeException e) {
                if (StoreOutage.causedBy(e)) {
                    throw new BatchListenerFailedException("the store is unreachable", e, batch.firstNotApplied());
                }
                batch.oneAtATime(subject);
                break;
            }
        }
        if (malformed != null) {
            throw new BatchListenerFailedException(malformed.getMessage(), malformed, events.size());
        }
    }

    /** Each subject's events by index, in the order received; the subjects in the order their first event came. */
    private static Map<String, List<Integer>> bySubject(List<InboundEvent> events) {
        Map<String, List<Integer>> subjects = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            subjects.computeIfAbsent(events.get(i).subject(), key -> new ArrayList<>()).add(i);
        }
        return subjects;
    }

    /**
     * The records of one poll, which of them are applied, and each one's observation: started when its subject's turn
     * comes, opened around its change and around anything else done for it (a retried write, what follows from the
     * change), stopped once its subject is done. A record is one observation however often its scope opens, and a
     * duplicate, whose scope never opens, is observed as well, as a record listener's container observes it.
     */
    private final class Batch {

        private final List<InboundEvent> events;
        private final List<ConsumerRecord<String, String>> records;
        private final Map<InboundEvent, Integer> indexOf = new IdentityHashMap<>();
        private final Observation[] observed;
        private final boolean[] applied;

        Batch(List<InboundEvent> events, List<ConsumerRecord<String, String>> records) {
            this.events = events;
            this.records = records;
            for (int i = 0; i < events.size(); i++) {
                indexOf.put(events.get(i), i);
            }
            this.observed = new Observation[events.size()];
            this.applied = new boolean[events.size()];
        }

        void apply(List<Integer> indexes, Subject subject) {
            indexes.forEach(this::observation);
            try {
                subject.apply(indexes.stream().map(events::get).toList(), this::open);
                indexes.forEach(i -> applied[i] = true);
            } finally {
                indexes.forEach(i -> stop(i, null));
            }
        }

        void oneAtATime(Subject subject) {
            for (int i = firstNotApplied(); i < events.size(); i++) {
                if (applied[i]) {
                    continue;
                }
                observation(i);
                try {
                    subject.apply(List.of(events.get(i)), this::open);
                    applied[i] = true;
                    stop(i, null);
                } catch (RuntimeException e) {
                    stop(i, e);
                    throw new BatchListenerFailedException(e.getMessage(), e, i);
                }
            }
        }

        int firstNotApplied() {
            int i = 0;
            while (i < applied.length && applied[i]) {
                i++;
            }
            return i;
        }

        /** What the container opens around a record it hands to a record listener: its observation and request id. */
        private DocumentStore.EventScope.Opened open(InboundEvent event) {
            int i = indexOf.get(event);
            Observation.Scope scope = observation(i).openScope();
            String previous = Correlation.current().orElse(null);
            Correlation.set(CorrelatingInterceptor.requestIdOf(records.get(i)));
            return () -> {
                Correlation.set(previous);
                scope.close();
            };
        }

        /** The record's observation, started if it is not yet, as a container starts it on handing the record over. */
        private Observation observation(int i) {
            if (observed[i] == null) {
                ConsumerRecord<String, String> record = records.get(i);
                String group = KafkaUtils.getConsumerGroupId();
                observed[i] = KafkaListenerObservation.LISTENER_OBSERVATION.observation(null,
                        KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
                        () -> new KafkaRecordReceiverContext(record, listenerId, listenerId,
                                group == null ? "" : group, () -> null),
                        observations).start();
            }
            return observed[i];
        }

        private void stop(int i, RuntimeException error) {
            if (observed[i] != null) {
                if (error != null) {
                    observed[i].error(error);
                }
                observed[i].stop();
                observed[i] = null;
            }
        }
    }
}
