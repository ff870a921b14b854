package io.yunwei.chassis.sample;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.stereotype.Component;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/** How many listener observations ended for the records of a key, by listener: one per record handed over. */
@Component
public class ObservedRecords implements ObservationHandler<KafkaRecordReceiverContext> {

    private final Map<String, AtomicInteger> observed = new ConcurrentHashMap<>();

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof KafkaRecordReceiverContext;
    }

    @Override
    public void onStop(KafkaRecordReceiverContext context) {
        if (context.getRecord().key() instanceof String key) {
            observed.computeIfAbsent(context.getListenerId() + " " + key, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** The observations by {@code listenerId} that ended for the records keyed {@code key}. */
    public int of(String listenerId, String key) {
        AtomicInteger count = observed.get(listenerId + " " + key);
        return count == null ? 0 : count.get();
    }
}
