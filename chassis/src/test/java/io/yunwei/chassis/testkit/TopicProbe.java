package io.yunwei.chassis.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.yunwei.chassis.events.EventHeaders;

/** Reads topics from the beginning, as a fresh consumer group would, so tests can assert what was published. */
public final class TopicProbe implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public TopicProbe(String bootstrapServers, String... topics) {
        this(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topics);
    }

    /** @param client the bootstrap servers and, for brokers that authenticate, the login */
    public TopicProbe(Map<String, Object> client, String... topics) {
        Map<String, Object> properties = new HashMap<>(client);
        properties.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        consumer = new KafkaConsumer<>(properties);
        consumer.subscribe(List.of(topics));
    }

    /** Everything read so far, after one more short poll. */
    public synchronized List<ConsumerRecord<String, String>> records() {
        consumer.poll(Duration.ofMillis(300)).forEach(seen::add);
        return List.copyOf(seen);
    }

    /** The event types published about one subject, in the order read. */
    public List<String> typesOf(String subject) {
        return records().stream().filter(r -> subject.equals(r.key())).map(r -> header(r, EventHeaders.TYPE)).toList();
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
