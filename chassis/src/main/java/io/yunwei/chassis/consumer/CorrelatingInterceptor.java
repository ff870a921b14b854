package io.yunwei.chassis.consumer;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.listener.RecordInterceptor;

import io.yunwei.chassis.events.Correlation;

/**
 * While a record is handled, its request id is the current one, so the events it causes carry it on. Typed on
 * {@code Object} because that is the listener container factory's type, which Spring Boot matches it against.
 */
public class CorrelatingInterceptor implements RecordInterceptor<Object, Object> {

    @Override
    public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
            Consumer<Object, Object> consumer) {
        Correlation.set(requestIdOf(record));
        return record;
    }

    /** The request id a record carries, as accepted ({@link Correlation#accept}); {@code null} without one. */
    static String requestIdOf(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(Correlation.EVENT_HEADER);
        return header == null || header.value() == null ? null
                : Correlation.accept(new String(header.value(), StandardCharsets.UTF_8));
    }

    @Override
    public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        Correlation.clear();
    }
}
