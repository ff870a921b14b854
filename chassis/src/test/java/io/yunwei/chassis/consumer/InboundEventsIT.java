package io.yunwei.chassis.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.events.Correlation;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.sample.SampleDocuments;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
class InboundEventsIT {

    private static TestEvents producer;
    private static TopicProbe deadLetterTopic;

    @Autowired
    DocumentStore store;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void connect() {
        producer = new TestEvents(TestInfrastructure.get().kafkaBootstrapServers());
        deadLetterTopic = new TopicProbe(TestInfrastructure.get().kafkaBootstrapServers(), "sample.inbound.sample.dlt");
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        deadLetterTopic.close();
    }

    @Test
    void appliesAnEventDeliveredTwiceOnlyOnce() {
        String subject = UUID.randomUUID().toString();
        double duplicatesBefore = meters.counter("yunwei.events.duplicates").count();
        String id = producer.send("sample.inbound", "amount.v1", subject, 1, "{\"amount\":5}");
        producer.send("sample.inbound", "amount.v1", subject, 1, "{\"amount\":5}", id);
        producer.send("sample.inbound", "amount.v1", subject, 2, "{\"amount\":1}");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(count(subject)).isEqualTo(6));
        assertThat(meters.counter("yunwei.events.duplicates").count()).isEqualTo(duplicatesBefore + 1);
    }

    @Test
    void passesTheRequestIdOnToTheEventsAnInboundEventCauses() {
        String subject = UUID.randomUUID().toString();
        try (TopicProbe published = new TopicProbe(TestInfrastructure.get().kafkaBootstrapServers(), "sample.events")) {
            producer.send("sample.inbound", "amount.v1", subject, 1, "{\"amount\":2}", UUID.randomUUID().toString(),
                    Map.of(Correlation.EVENT_HEADER, "req-7"));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(published.records())
                    .filteredOn(r -> subject.equals(r.key()))
                    .extracting(r -> TopicProbe.header(r, Correlation.EVENT_HEADER)).containsExactly("req-7"));
        }
    }

    @Test
    void continuesTheTraceOfTheEventThatCausedItsEvents() {
        String subject = UUID.randomUUID().toString();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (TopicProbe published = new TopicProbe(TestInfrastructure.get().kafkaBootstrapServers(), "sample.events")) {
            producer.send("sample.inbound", "amount.v1", subject, 1, "{\"amount\":4}", UUID.randomUUID().toString(),
                    Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(published.records())
                    .filteredOn(r -> subject.equals(r.key()))
                    .extracting(r -> TopicProbe.header(r, "traceparent"))
                    .singleElement().satisfies(parent -> assertThat(parent).startsWith("00-" + traceId + "-")));
        }
    }

    @Test
    void deadLettersARecordThatKeepsFailingAndGoesOnWithTheNext() {
        String subject = UUID.randomUUID().toString();
        producer.send("sample.inbound", "amount.v1", subject, 1, "{\"amount\":-1}");
        producer.send("sample.inbound", "amount.v1", subject, 2, "{\"amount\":3}");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(subject)).isEqualTo(3));
        Document letter = letterFor(subject);
        assertThat(letter.getString("error")).contains("negative amount -1");
        assertThat(letter.getString("value")).isEqualTo("{\"amount\":-1}");
        assertThat(letter.getString("group")).isEqualTo("sample");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadLetterTopic.records())
                .extracting(ConsumerRecord::key).contains(subject));
        assertThat(meters.get("yunwei.events.dead.lettered").tag("exception", "IllegalArgumentException").counter().count())
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void deadLettersARecordWithoutAnEventEnvelopeWithoutRetrying() {
        String subject = UUID.randomUUID().toString();
        producer.sendRaw(new ProducerRecord<>("sample.inbound", subject, "not an event"), subject);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(letterFor(subject)).isNotNull());
        assertThat(letterFor(subject).getString("error")).contains("MalformedEventException").contains("lacks CloudEvents headers");
    }

    private Document letterFor(String subject) {
        List<Document> letters = mongo.getCollection(DeadLetters.COLLECTION).find(new Document("key", subject)).into(new java.util.ArrayList<>());
        return letters.isEmpty() ? null : letters.getFirst();
    }

    private int count(String subject) {
        return store.find(SampleDocuments.type(), subject).map(SampleDocuments::count).orElse(0);
    }
}
