package io.yunwei.chassis.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.yunwei.chassis.events.EventHeaders;

/** Publishes events as another service would, envelope and all, so a test can drive a consumer. */
public final class TestEvents implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public TestEvents(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all"));
    }

    /** Sends one event and waits for the broker; returns its id. */
    public String send(String topic, String type, String subject, long sequence, String json) {
        return send(topic, type, subject, sequence, json, UUID.randomUUID().toString());
    }

    public String send(String topic, String type, String subject, long sequence, String json, String id) {
        return send(topic, type, subject, sequence, json, id, Map.of());
    }

    /** Sends one event with extra headers (such as {@code x-request-id}) and waits for the broker. */
    public String send(String topic, String type, String subject, long sequence, String json, String id,
            Map<String, String> extraHeaders) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, subject, json);
        extraHeaders.forEach((name, value) -> header(record, name, value));
        header(record, EventHeaders.ID, id);
        header(record, EventHeaders.TYPE, type);
        header(record, EventHeaders.SOURCE, "/yunwei/test");
        header(record, EventHeaders.SUBJECT, subject);
        header(record, EventHeaders.TIME, Instant.now().toString());
        header(record, EventHeaders.SPEC_VERSION, EventHeaders.SPEC_VERSION_VALUE);
        header(record, EventHeaders.SEQUENCE, Long.toString(sequence));
        return sendRaw(record, id);
    }

    /** Sends a record exactly as given, headers and all (for records that are not events of ours). */
    public String sendRaw(ProducerRecord<String, String> record, String id) {
        try {
            producer.send(record).get();
            return id;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
