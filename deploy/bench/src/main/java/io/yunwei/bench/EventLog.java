package io.yunwei.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Every record of the services' topics, read from the beginning with a consumer of no group. */
public final class EventLog {

    public static final List<String> TOPICS = List.of("intake.events", "dispatch.events", "field.events",
            "followup.events");

    /** One record: where it is, its CloudEvents headers, its event time and the broker's (producer's) timestamp. */
    public record Event(String topic, int partition, long offset, String key, String id, String type, long sequence,
            Instant time, long publishedMillis, int size, String value) {

        /** Outbox write (event time) → publish (the record's producer timestamp), in milliseconds. */
        public long publishDelayMillis() {
            return publishedMillis - time.toEpochMilli();
        }
    }

    private EventLog() {
    }

    /** @param client the bootstrap servers and, for brokers that authenticate, the login */
    public static Properties consumerProperties(Map<String, Object> client) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-reader-" + UUID.randomUUID());
        return props;
    }

    /** Reads the topics (those that exist) from the beginning up to their end offsets as of now. */
    public static List<Event> read(Map<String, Object> client, Collection<String> topics) {
        List<Event> events = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(consumerProperties(client))) {
            List<TopicPartition> partitions = new ArrayList<>();
            Map<String, List<org.apache.kafka.common.PartitionInfo>> all = consumer.listTopics(Duration.ofSeconds(30));
            for (String topic : topics) {
                if (all.containsKey(topic)) {
                    all.get(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            end.entrySet().removeIf(e -> e.getValue() == 0);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!end.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    events.add(of(r));
                }
                end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        return events;
    }

    public static Event of(ConsumerRecord<String, String> r) {
        String time = header(r, "ce_time");
        String sequence = header(r, "ce_sequence");
        long seq;
        try {
            seq = sequence == null ? -1 : Long.parseLong(sequence);
        } catch (NumberFormatException e) {
            seq = -1;
        }
        Instant at;
        try {
            at = time == null ? Instant.ofEpochMilli(r.timestamp()) : Instant.parse(time);
        } catch (RuntimeException e) {
            at = Instant.ofEpochMilli(r.timestamp());
        }
        return new Event(r.topic(), r.partition(), r.offset(), r.key(), header(r, "ce_id"), header(r, "ce_type"), seq, at,
                r.timestamp(), r.serializedValueSize(), r.value());
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
