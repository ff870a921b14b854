package io.yunwei.chassis.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

import com.mongodb.client.model.ReplaceOptions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.events.MalformedEventException;

/**
 * Where records go that this service cannot apply after bounded retries: recorded in the service's own
 * {@code dead_letters} collection (for inspection and re-drive), counted, and published to
 * {@code <topic>.<group>.dlt}. Retries are blocking, so a subject's later events wait behind it and order is kept.
 */
public class DeadLetters implements ConsumerRecordRecoverer {

    public static final String COLLECTION = "dead_letters";
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final MongoTemplate mongo;
    private final DeadLetterPublishingRecoverer publisher;
    private final String group;
    private final Clock clock;
    private final MeterRegistry meters;

    public DeadLetters(MongoTemplate mongo, KafkaOperations<String, String> kafka, String group, Clock clock,
            MeterRegistry meters) {
        this.mongo = mongo;
        this.group = group;
        this.clock = clock;
        this.meters = meters;
        this.publisher = new DeadLetterPublishingRecoverer(kafka,
                (record, e) -> new TopicPartition(deadLetterTopic(record.topic(), group), -1));
    }

    public static String deadLetterTopic(String topic, String group) {
        return topic + "." + group + ".dlt";
    }

    public DefaultErrorHandler errorHandler(DeadLetterProperties properties) {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(properties.retries());
        backOff.setInitialInterval(properties.initialBackoff().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(properties.maxBackoff().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(this, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class);
        return handler;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        Throwable cause = exception.getCause() != null ? exception.getCause() : exception;
        String id = record.topic() + "-" + record.partition() + "@" + record.offset() + "/" + group;
        Document headers = new Document();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        Document letter = new Document("_id", id)
                .append("group", group)
                .append("topic", record.topic())
                .append("partition", record.partition())
                .append("offset", record.offset())
                .append("key", record.key() == null ? null : record.key().toString())
                .append("headers", headers)
                .append("value", record.value() == null ? null : record.value().toString())
                .append("error", cause.getClass().getName() + ": " + cause.getMessage())
                .append("deadLetteredAt", Date.from(clock.instant()))
                .append("status", "DEAD");
        mongo.getCollection(COLLECTION).replaceOne(new Document("_id", id), letter, new ReplaceOptions().upsert(true));
        publisher.accept(record, exception);
        Counter.builder("yunwei.events.dead.lettered").description("Inbound records dead-lettered after retries")
                .tag("topic", record.topic()).tag("exception", cause.getClass().getSimpleName()).register(meters)
                .increment();
        log.error("Dead-lettered {} after retries: {}", id, cause.toString());
    }
}
