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
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.KafkaUtils;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.ReplaceOptions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.health.StoreOutage;
import io.yunwei.chassis.events.MalformedEventException;

/**
 * Where records go that this service cannot apply after bounded retries: recorded in the service's own
 * {@code dead_letters} collection (for inspection and re-drive), counted, and published to
 * {@code <topic>.<group>.dlt}. Retries are blocking, so a subject's later events wait behind it and order is kept.
 * A letter names the consumer group whose listener failed, so a re-drive goes back to that listener.
 */
public class DeadLetters implements ConsumerRecordRecoverer {

    public static final String COLLECTION = "dead_letters";
    /** Header on a re-driven record: the id of the dead letter it comes from. */
    public static final String REDRIVE_HEADER = "yunwei-redrive";

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
                (record, e) -> new TopicPartition(deadLetterTopic(record.topic(), currentGroup()), -1));
    }

    /** How often an event that met an unreachable store is tried again. */
    static final java.time.Duration STORE_RETRY = java.time.Duration.ofSeconds(1);

    public static String deadLetterTopic(String topic, String group) {
        return topic + "." + group + ".dlt";
    }

    /** The id of the first letter of a record; it has no slash, so it fits in a URL path segment. */
    public static String letterId(String topic, int partition, long offset, String group) {
        return topic + "-" + partition + "@" + offset + "~" + group;
    }

    public DefaultErrorHandler errorHandler(DeadLetterProperties properties) {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(properties.retries());
        backOff.setInitialInterval(properties.initialBackoff().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(properties.maxBackoff().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(this, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class);
        // the store being unreachable says nothing about the record: it waits, in place, until the store answers;
        // each attempt meanwhile takes the store timeouts, so a second between them is no busy loop
        FixedBackOff untilTheStoreAnswers = new FixedBackOff(STORE_RETRY.toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS);
        handler.setBackOffFunction((record, exception) -> StoreOutage.causedBy(exception) ? untilTheStoreAnswers : null);
        return handler;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        String consumerGroup = currentGroup();
        Document letter = letter(letterId(record.topic(), record.partition(), record.offset(), consumerGroup),
                consumerGroup, record, exception);
        try {
            // a letter already re-driven keeps its history when its record is redelivered and fails again
            Document unlessRedriven = new Document("_id", letter.get("_id")).append("status",
                    DeadLetterStatus.DEAD.name());
            mongo.getCollection(COLLECTION).replaceOne(unlessRedriven, letter, new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            log.warn("Record {} failed again after its dead letter was re-driven", letter.get("_id"));
        }
        published(record, exception, consumerGroup, letter);
    }

    /**
     * Dead-letters a re-driven record that failed again, as a new letter that points back to the one re-driven,
     * so it is not lost and can itself be re-driven once the cause is fixed. Returns the new letter's id.
     */
    String again(ConsumerRecord<?, ?> record, Exception exception, Document redriven) {
        String consumerGroup = redriven.getString("group");
        String root = redriven.get("redriveOf") == null ? redriven.getString("_id") : redriven.getString("root");
        int attempt = redriven.get("attempt") instanceof Number n ? n.intValue() + 1 : 1;
        Document letter = letter(root + "~r" + attempt, consumerGroup, record, exception)
                .append("root", root).append("redriveOf", redriven.getString("_id")).append("attempt", attempt);
        mongo.getCollection(COLLECTION).replaceOne(new Document("_id", letter.get("_id")), letter,
                new ReplaceOptions().upsert(true));
        published(record, exception, consumerGroup, letter);
        return letter.getString("_id");
    }

    private Document letter(String id, String consumerGroup, ConsumerRecord<?, ?> record, Exception exception) {
        Throwable cause = cause(exception);
        Document headers = new Document();
        for (Header header : record.headers()) {
            if (!REDRIVE_HEADER.equals(header.key())) {
                headers.put(header.key(),
                        header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return new Document("_id", id)
                .append("group", consumerGroup)
                .append("topic", record.topic())
                .append("partition", record.partition())
                .append("offset", record.offset())
                .append("key", record.key() == null ? null : record.key().toString())
                .append("headers", headers)
                .append("value", record.value() == null ? null : record.value().toString())
                .append("error", cause.getClass().getName() + ": " + cause.getMessage())
                .append("deadLetteredAt", Date.from(clock.instant()))
                .append("status", DeadLetterStatus.DEAD.name());
    }

    private void published(ConsumerRecord<?, ?> record, Exception exception, String consumerGroup, Document letter) {
        Throwable cause = cause(exception);
        publisher.accept(record, exception);
        Counter.builder("yunwei.events.dead.lettered").description("Inbound records dead-lettered after retries")
                .tag("topic", record.topic()).tag("exception", cause.getClass().getSimpleName()).register(meters)
                .increment();
        log.error("Dead-lettered {} for {}: {}", letter.get("_id"), consumerGroup, cause.toString());
    }

    /** The group of the listener whose record failed: it is set on the consumer's thread by the container. */
    private String currentGroup() {
        String current = KafkaUtils.getConsumerGroupId();
        return current == null ? group : current;
    }

    /**
     * What failed, under what the container and a batch listener wrap it in ({@link ListenerExecutionFailedException},
     * {@link BatchListenerFailedException}).
     */
    static Throwable cause(Exception exception) {
        Throwable cause = exception;
        while ((cause instanceof ListenerExecutionFailedException || cause instanceof BatchListenerFailedException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
