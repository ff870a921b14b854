package io.yunwei.chassis.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.yunwei.chassis.events.Correlation;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.sample.BatchTallyListener;
import io.yunwei.chassis.sample.ObservedRecords;
import io.yunwei.chassis.sample.SampleDocuments;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

/**
 * Inbound events through the sample's record listener ({@code sample.inbound}) and its batch listener
 * ({@code sample.batches}, {@link SubjectBatches}): each is applied once, carries its request id and trace on to the
 * events it causes, and a record that keeps failing is dead-lettered on its own while the others are applied.
 */
@IntegrationTest
class InboundEventsIT {

    private static TestEvents producer;

    @Autowired
    DocumentStore store;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ApplicationContext context;
    @Autowired
    ObservedRecords observed;

    @BeforeAll
    static void connect() {
        producer = new TestEvents(TestInfrastructure.get().kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    @ParameterizedTest
    @ValueSource(strings = { "sample.inbound", "sample.batches" })
    void appliesAnEventDeliveredTwiceOnlyOnce(String topic) {
        String subject = UUID.randomUUID().toString();
        double duplicatesBefore = meters.counter("yunwei.events.duplicates").count();
        String id = producer.send(topic, "amount.v1", subject, 1, "{\"amount\":5}");
        producer.send(topic, "amount.v1", subject, 1, "{\"amount\":5}", id);
        producer.send(topic, "amount.v1", subject, 2, "{\"amount\":1}");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(count(subject)).isEqualTo(6));
        assertThat(meters.counter("yunwei.events.duplicates").count()).isEqualTo(duplicatesBefore + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "sample.inbound", "sample.batches" })
    void passesTheRequestIdOnToTheEventsAnInboundEventCauses(String topic) {
        String subject = UUID.randomUUID().toString();
        try (TopicProbe published = new TopicProbe(TestInfrastructure.get().kafkaBootstrapServers(), "sample.events")) {
            producer.send(topic, "amount.v1", subject, 1, "{\"amount\":2}", UUID.randomUUID().toString(),
                    Map.of(Correlation.EVENT_HEADER, "req-7"));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(published.records())
                    .filteredOn(r -> subject.equals(r.key()))
                    .extracting(r -> TopicProbe.header(r, Correlation.EVENT_HEADER)).containsExactly("req-7"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "sample.inbound", "sample.batches" })
    void continuesTheTraceOfTheEventThatCausedItsEvents(String topic) {
        String subject = UUID.randomUUID().toString();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (TopicProbe published = new TopicProbe(TestInfrastructure.get().kafkaBootstrapServers(), "sample.events")) {
            producer.send(topic, "amount.v1", subject, 1, "{\"amount\":4}", UUID.randomUUID().toString(),
                    Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(published.records())
                    .filteredOn(r -> subject.equals(r.key()))
                    .extracting(r -> TopicProbe.header(r, "traceparent"))
                    .singleElement().satisfies(parent -> assertThat(parent).startsWith("00-" + traceId + "-")));
        }
    }

    @Test
    void timesEveryListenerUnderOneSetOfTagKeysAsPrometheusRequires() {
        String one = UUID.randomUUID().toString();
        String batched = UUID.randomUUID().toString();
        producer.send("sample.inbound", "amount.v1", one, 1, "{\"amount\":1}");
        producer.send("sample.batches", "amount.v1", batched, 1, "{\"amount\":1}");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(count(one)).isEqualTo(1);
            assertThat(count(batched)).isEqualTo(1);
            assertThat(meters.find("spring.kafka.listener").tag("spring.kafka.listener.id", BatchTallyListener.ID)
                    .timers()).isNotEmpty();
        });
        // a batch container's own timer has other tag keys: Prometheus would refuse one kind or the other
        Set<Set<String>> tagKeys = meters.find("spring.kafka.listener").timers().stream()
                .map(timer -> timer.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet()))
                .collect(Collectors.toSet());
        assertThat(tagKeys).singleElement().satisfies(keys -> assertThat(keys).contains("spring.kafka.listener.id"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "sample.inbound", "sample.batches" })
    void deadLettersARecordThatKeepsFailingAndGoesOnWithTheNext(String topic) {
        String subject = UUID.randomUUID().toString();
        producer.send(topic, "amount.v1", subject, 1, "{\"amount\":-1}");
        producer.send(topic, "amount.v1", subject, 2, "{\"amount\":3}");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(subject)).isEqualTo(3));
        Document letter = letterFor(subject);
        assertThat(letter.getString("error")).contains("negative amount -1");
        assertThat(letter.getString("value")).isEqualTo("{\"amount\":-1}");
        assertThat(letter.getString("group")).isEqualTo("sample");
        try (TopicProbe deadLetterTopic = new TopicProbe(TestInfrastructure.get().kafkaBootstrapServers(),
                DeadLetters.deadLetterTopic(topic, "sample"))) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadLetterTopic.records())
                    .extracting(ConsumerRecord::key).contains(subject));
        }
        assertThat(meters.get("yunwei.events.dead.lettered").tag("exception", "IllegalArgumentException").counter().count())
                .isGreaterThanOrEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = { "sample.inbound", "sample.batches" })
    void deadLettersARecordWithoutAnEventEnvelopeWithoutRetrying(String topic) {
        String subject = UUID.randomUUID().toString();
        producer.sendRaw(new ProducerRecord<>(topic, subject, "not an event"), subject);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(letterFor(subject)).isNotNull());
        assertThat(letterFor(subject).getString("error")).contains("MalformedEventException").contains("lacks CloudEvents headers");
    }

    @Test
    void appliesTheEventsOfASubjectThatArriveTogetherWithOneWriteEachWithItsOwnRequestId() {
        String subject = UUID.randomUUID().toString();
        double duplicatesBefore = meters.counter("yunwei.events.duplicates").count();
        List<ConsumerRecord<String, String>> batch = new ArrayList<>();
        String second = UUID.randomUUID().toString();
        for (int sequence = 1; sequence <= 4; sequence++) {
            batch.add(TestEvents.received("sample.batches", sequence, "amount.v1", subject, sequence,
                    "{\"amount\":" + sequence + "}", sequence == 2 ? second : UUID.randomUUID().toString(),
                    Map.of(Correlation.EVENT_HEADER, "req-" + sequence)));
        }
        batch.add(TestEvents.received("sample.batches", 5, "amount.v1", subject, 2, "{\"amount\":2}", second,
                Map.of(Correlation.EVENT_HEADER, "req-2")));
        try (TopicProbe published = new TopicProbe(TestInfrastructure.get().kafkaBootstrapServers(), "sample.events")) {
            SampleDocuments.receiveTogether(context, batch);

            assertThat(count(subject)).isEqualTo(10);
            assertThat(store.find(SampleDocuments.type(), subject).orElseThrow().version())
                    .as("five records, one a duplicate, applied with one write").isEqualTo(1);
            assertThat(meters.counter("yunwei.events.duplicates").count()).isEqualTo(duplicatesBefore + 1);
            assertThat(observed.of(BatchTallyListener.ID, subject))
                    .as("one observation per record, the duplicate's too").isEqualTo(5);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(published.records())
                    .filteredOn(r -> subject.equals(r.key()))
                    .extracting(r -> TopicProbe.header(r, Correlation.EVENT_HEADER))
                    .containsExactly("req-1", "req-2", "req-3", "req-4"));
        }
    }

    private Document letterFor(String subject) {
        List<Document> letters = mongo.getCollection(DeadLetters.COLLECTION).find(new Document("key", subject)).into(new java.util.ArrayList<>());
        return letters.isEmpty() ? null : letters.getFirst();
    }

    private int count(String subject) {
        return store.find(SampleDocuments.type(), subject).map(SampleDocuments::count).orElse(0);
    }
}
