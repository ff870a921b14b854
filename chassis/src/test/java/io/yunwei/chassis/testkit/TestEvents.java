package io.yunwei.chassis.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import io.yunwei.chassis.events.EventHeaders;

/**
 * Publishes events as another service would, envelope and all, so a test can drive a consumer, and tells when a
 * consumer group has handled them.
 */
public final class TestEvents implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;
    private Admin admin;

    public TestEvents(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
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
        return sendRaw(record(topic, type, subject, sequence, json, id, Instant.now(), extraHeaders), id);
    }

    /**
     * Sends one event stamped with the time it happened, as a re-driven dead letter keeps the time it was first
     * published with, and answers where the broker put it (for {@link #handled}).
     */
    public RecordMetadata sendAt(Instant time, String topic, String type, String subject, long sequence, String json,
            String id) {
        return publish(record(topic, type, subject, sequence, json, id, time, Map.of()));
    }

    /**
     * Whether a consumer group has handled a record (applied it, dropped it or dead-lettered it) and every one before
     * it in its partition, as the offsets the group committed say.
     */
    public boolean handled(String group, RecordMetadata record) {
        try {
            OffsetAndMetadata committed = admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(record.topic(), record.partition()));
            return committed != null && committed.offset() > record.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static ProducerRecord<String, String> record(String topic, String type, String subject, long sequence,
            String json, String id, Instant time, Map<String, String> extraHeaders) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, subject, json);
        extraHeaders.forEach((name, value) -> header(record, name, value));
        header(record, EventHeaders.ID, id);
        header(record, EventHeaders.TYPE, type);
        header(record, EventHeaders.SOURCE, "/yunwei/test");
        header(record, EventHeaders.SUBJECT, subject);
        header(record, EventHeaders.TIME, time.toString());
        header(record, EventHeaders.SPEC_VERSION, EventHeaders.SPEC_VERSION_VALUE);
        header(record, EventHeaders.SEQUENCE, Long.toString(sequence));
        return record;
    }

    /**
     * The record a consumer of {@code topic} would receive for the event, at {@code offset} of partition 0, for
     * handing a batch to a listener directly.
     */
    public static ConsumerRecord<String, String> received(String topic, long offset, String type, String subject,
            long sequence, String json, String id, Map<String, String> extraHeaders) {
        ProducerRecord<String, String> sent = record(topic, type, subject, sequence, json, id, Instant.now(),
                extraHeaders);
        ConsumerRecord<String, String> record = new ConsumerRecord<>(topic, 0, offset, subject, json);
        sent.headers().forEach(header -> record.headers().add(header));
        return record;
    }

    /** Sends a record exactly as given, headers and all (for records that are not events of ours). */
    public String sendRaw(ProducerRecord<String, String> record, String id) {
        publish(record);
        return id;
    }

    private RecordMetadata publish(ProducerRecord<String, String> record) {
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        }
        return admin;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void close() {
        producer.close();
        if (admin != null) {
            admin.close();
        }
    }
}
