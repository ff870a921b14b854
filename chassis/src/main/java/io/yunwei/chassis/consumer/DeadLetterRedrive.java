package io.yunwei.chassis.consumer;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.GenericMessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaUtils;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.events.Correlation;
import io.yunwei.chassis.web.ApiProblem;

/**
 * Re-drives a dead letter once its cause is fixed: the stored record is handed, in this process, to the listener
 * of the consumer group that dead-lettered it. The letter is claimed by one conditional write first, so with
 * several instances and concurrent callers it is re-driven at most once; the listener's own idempotent apply
 * (per-topic sequence, with the sequences once skipped) makes it count once, even when another instance is
 * applying the subject's live events at the same time. A record that fails again becomes a new dead letter.
 * A claim left behind by an instance that stopped mid-re-drive may be taken over after {@link #STALE_CLAIM}:
 * handing the record over twice is safe for the same reason.
 */
class DeadLetterRedrive {

    static final Duration STALE_CLAIM = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(DeadLetterRedrive.class);

    private final MongoTemplate mongo;
    private final DeadLetters deadLetters;
    private final KafkaListenerEndpointRegistry listeners;
    private final Clock clock;
    private final MeterRegistry meters;

    DeadLetterRedrive(MongoTemplate mongo, DeadLetters deadLetters, KafkaListenerEndpointRegistry listeners,
            Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.deadLetters = deadLetters;
        this.listeners = listeners;
        this.clock = clock;
        this.meters = meters;
    }

    /** Newest first. */
    Page<DeadLetterView> list(String topic, DeadLetterStatus status, int page, int size) {
        List<Bson> filters = new ArrayList<>();
        if (topic != null && !topic.isBlank()) {
            filters.add(eq("topic", topic));
        }
        if (status != null) {
            filters.add(eq("status", status.name()));
        }
        Bson filter = filters.isEmpty() ? new Document() : and(filters);
        long total = letters().countDocuments(filter);
        List<DeadLetterView> content = letters().find(filter)
                .sort(Sorts.orderBy(Sorts.descending("deadLetteredAt"), Sorts.ascending("_id")))
                .skip(page * size).limit(size).map(DeadLetterView::of).into(new ArrayList<>());
        return new PageImpl<>(content, PageRequest.of(page, size), total);
    }

    DeadLetterView find(String id) {
        Document letter = letters().find(eq("_id", id)).first();
        if (letter == null) {
            throw notFound(id);
        }
        return DeadLetterView.of(letter);
    }

    DeadLetterView redrive(String id, String by) {
        Document letter = letters().find(eq("_id", id)).first();
        if (letter == null) {
            throw notFound(id);
        }
        List<MessageListenerContainer> containers = containersFor(letter);
        if (containers.isEmpty()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "NO_LISTENER",
                    "This service has no listener of group " + letter.getString("group") + " on topic "
                            + letter.getString("topic") + " to re-drive the letter to.")
                    .with("topic", letter.getString("topic")).with("group", letter.getString("group"));
        }
        Instant now = clock.instant();
        Bson claimable = or(eq("status", DeadLetterStatus.DEAD.name()), and(eq("status",
                DeadLetterStatus.REDRIVING.name()), lt("redrive.at", Date.from(now.minus(STALE_CLAIM)))));
        Document claimed = letters().findOneAndUpdate(and(eq("_id", id), claimable),
                Updates.combine(Updates.set("status", DeadLetterStatus.REDRIVING.name()),
                        Updates.set("redrive", new Document("by", by).append("at", Date.from(now)))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (claimed == null) {
            throw alreadyRedriven(id);
        }
        ConsumerRecord<String, String> record = record(claimed);
        Document outcome = deliver(claimed, record, containers);
        letters().updateOne(eq("_id", id), Updates.combine(Updates.set("status", DeadLetterStatus.REDRIVEN.name()),
                Updates.set("redrive.outcome", outcome.getString("outcome")),
                Updates.set("redrive.completedAt", Date.from(clock.instant())),
                Updates.set("redrive.error", outcome.getString("error")),
                Updates.set("redrive.deadLetteredAgainAs", outcome.getString("deadLetteredAgainAs"))));
        Counter.builder("yunwei.events.redriven").description("Dead letters re-driven, by outcome")
                .tag("topic", record.topic()).tag("outcome", outcome.getString("outcome")).register(meters)
                .increment();
        log.info("Dead letter {} re-driven by {}: {}", id, by, outcome.getString("outcome"));
        return find(id);
    }

    private Document deliver(Document letter, ConsumerRecord<String, String> record,
            List<MessageListenerContainer> containers) {
        String previousRequest = Correlation.current().orElse(null);
        String previousGroup = KafkaUtils.getConsumerGroupId();
        // as the container would: the record's request id and the group's id are current while it is handled
        String requestId = header(record, Correlation.EVENT_HEADER);
        if (requestId != null) {
            Correlation.set(Correlation.accept(requestId));
        }
        KafkaUtils.setConsumerGroupId(letter.getString("group"));
        try {
            for (MessageListenerContainer container : containers) {
                deliver(container, record);
            }
            return new Document("outcome", RedriveOutcome.HANDLED.name());
        } catch (RuntimeException e) {
            String again = deadLetters.again(record, e, letter);
            Throwable cause = DeadLetters.cause(e);
            return new Document("outcome", RedriveOutcome.DEAD_LETTERED_AGAIN.name())
                    .append("deadLetteredAgainAs", again)
                    .append("error", cause.getClass().getName() + ": " + cause.getMessage());
        } finally {
            Correlation.set(previousRequest);
            if (previousGroup == null) {
                KafkaUtils.clearConsumerGroupId();
            } else {
                KafkaUtils.setConsumerGroupId(previousGroup);
            }
        }
    }

    private List<MessageListenerContainer> containersFor(Document letter) {
        String topic = letter.getString("topic");
        String group = letter.getString("group");
        return listeners.getListenerContainers().stream()
                .filter(c -> group != null && group.equals(c.getGroupId()))
                .filter(c -> c.getContainerProperties().getTopics() != null
                        && List.of(c.getContainerProperties().getTopics()).contains(topic))
                .toList();
    }

    /** Hands the record to the container's listener, as a batch of one where it takes batches. */
    @SuppressWarnings("unchecked")
    private static void deliver(MessageListenerContainer container, ConsumerRecord<String, String> record) {
        Object listener = container.getContainerProperties().getMessageListener();
        if (listener instanceof BatchMessageListener<?, ?> batch) {
            ((BatchMessageListener<String, String>) batch).onMessage(List.of(record), null, null);
        } else {
            ((GenericMessageListener<ConsumerRecord<String, String>>) listener).onMessage(record, null, null);
        }
    }

    private static ConsumerRecord<String, String> record(Document letter) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(letter.getString("topic"),
                letter.getInteger("partition", 0), ((Number) letter.get("offset")).longValue(),
                letter.getString("key"), letter.getString("value"));
        Document headers = letter.get("headers", Document.class);
        if (headers != null) {
            for (Map.Entry<String, Object> header : headers.entrySet()) {
                record.headers().add(header.getKey(), header.getValue() == null ? null
                        : header.getValue().toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        record.headers().add(DeadLetters.REDRIVE_HEADER, letter.getString("_id").getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private ApiProblem alreadyRedriven(String id) {
        DeadLetterView letter = find(id);
        ApiProblem problem = new ApiProblem(HttpStatus.CONFLICT, "ALREADY_REDRIVEN",
                "Dead letter " + id + " has already been re-driven; a record that failed again is a new letter.")
                .with("currentStatus", letter.status());
        if (letter.redrive() != null) {
            problem.with("redrivenBy", letter.redrive().by()).with("redrivenAt", letter.redrive().at());
            if (letter.redrive().deadLetteredAgainAs() != null) {
                problem.with("deadLetteredAgainAs", letter.redrive().deadLetteredAgainAs());
            }
        }
        return problem;
    }

    private static ApiProblem notFound(String id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "DEAD_LETTER_NOT_FOUND", "No dead letter " + id + ".");
    }

    private com.mongodb.client.MongoCollection<Document> letters() {
        return mongo.getCollection(DeadLetters.COLLECTION);
    }
}
