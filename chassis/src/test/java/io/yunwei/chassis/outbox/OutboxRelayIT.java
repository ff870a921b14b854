package io.yunwei.chassis.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.events.Correlation;
import io.yunwei.chassis.events.EventHeaders;
import io.yunwei.chassis.sample.SampleDocuments;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
class OutboxRelayIT {

    private static TopicProbe published;

    @Autowired
    DocumentStore store;
    @Autowired
    OutboxRelay relay;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void subscribe() {
        published = new TopicProbe(TestInfrastructure.get().kafkaBootstrapServers(), "sample.events");
    }

    @AfterAll
    static void unsubscribe() {
        published.close();
    }

    @Test
    void publishesEveryEventOfADocumentInSequenceOrderWithItsEnvelope() {
        String id = UUID.randomUUID().toString();
        store.save(SampleDocuments.counted(id, 1, 2, 3));
        store.update(SampleDocuments.type(), id, null, tally -> SampleDocuments.add(tally, 4));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ofSubject(id)).hasSize(4));
        List<ConsumerRecord<String, String>> records = ofSubject(id);
        assertThat(records).extracting(r -> TopicProbe.header(r, EventHeaders.SEQUENCE)).containsExactly("1", "2", "3", "4");
        assertThat(records).extracting(ConsumerRecord::value).containsExactly(
                "{\"subject\":\"%s\",\"count\":1}".formatted(id), "{\"subject\":\"%s\",\"count\":3}".formatted(id),
                "{\"subject\":\"%s\",\"count\":6}".formatted(id), "{\"subject\":\"%s\",\"count\":10}".formatted(id));
        assertThat(records).allSatisfy(r -> {
            assertThat(TopicProbe.header(r, EventHeaders.TYPE)).isEqualTo("tally.counted.v1");
            assertThat(TopicProbe.header(r, EventHeaders.SOURCE)).isEqualTo("/yunwei/sample");
            assertThat(TopicProbe.header(r, EventHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(TopicProbe.header(r, EventHeaders.SUBJECT)).isEqualTo(id);
            assertThat(Instant.parse(TopicProbe.header(r, EventHeaders.TIME))).isNotNull();
        });
        assertThat(records).extracting(r -> TopicProbe.header(r, EventHeaders.ID)).doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pending(id)).isEmpty());
    }

    @Test
    void publishesManyDocumentsSavedAtOnceEachInSequenceOrderAndEachEventOnce() throws Exception {
        List<String> ids = IntStream.range(0, 40).mapToObj(i -> UUID.randomUUID().toString()).toList();
        try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
            List<Future<?>> saves = new ArrayList<>();
            for (String id : ids) {
                saves.add(writers.submit(() -> {
                    store.save(SampleDocuments.counted(id, 1));
                    // each save hands its events over while the document's earlier ones may still be on their way
                    for (int n = 2; n <= 5; n++) {
                        int value = n;
                        store.update(SampleDocuments.type(), id, null, tally -> SampleDocuments.add(tally, value));
                    }
                    return null;
                }));
            }
            for (Future<?> save : saves) {
                save.get();
            }
        }

        // one read of the topic for all of them: every read waits for what may still come
        List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(30)).until(published::records,
                seen -> ids.stream().allMatch(id -> seen.stream().filter(r -> id.equals(r.key())).count() >= 5));
        assertThat(ids).allSatisfy(id -> assertThat(records).filteredOn(r -> id.equals(r.key()))
                .extracting(r -> TopicProbe.header(r, EventHeaders.SEQUENCE)).containsExactly("1", "2", "3", "4", "5"));
    }

    @Test
    void carriesTheRequestIdOfTheRequestThatRaisedTheEvent() {
        String id = UUID.randomUUID().toString();
        Correlation.set("req-42");
        try {
            store.save(SampleDocuments.counted(id, 1));
        } finally {
            Correlation.clear();
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ofSubject(id)).hasSize(1));
        assertThat(TopicProbe.header(ofSubject(id).getFirst(), Correlation.EVENT_HEADER)).isEqualTo("req-42");
    }

    @Test
    void refusesAWriteBasedOnAStaleReadAndKeepsNeitherItsStateNorItsEvents() {
        String id = UUID.randomUUID().toString();
        store.save(SampleDocuments.counted(id, 1));
        var first = store.find(SampleDocuments.type(), id).orElseThrow();
        var second = store.find(SampleDocuments.type(), id).orElseThrow();
        SampleDocuments.add(first, 10);
        store.save(first);
        SampleDocuments.add(second, 100);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.save(second))
                .isInstanceOf(ConcurrentChangeException.class);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ofSubject(id)).hasSize(2));
        assertThat(ofSubject(id)).extracting(ConsumerRecord::value).noneMatch(v -> v.contains("\"count\":101"));
    }

    @Test
    void publishesEventsLeftInAnOutboxByACrashedInstance() {
        String id = UUID.randomUUID().toString();
        mongo.getCollection("tallies").insertOne(new Document("_id", id).append("version", 1L).append("sequence", 1L)
                .append("count", 7).append("outbox", List.of(pendingEvent(id, 1))));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ofSubject(id)).hasSize(1));
        // the broker's acknowledgement comes before the relay removes the event from the outbox
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pending(id)).isEmpty());
    }

    @Test
    void leavesADocumentToTheInstanceHoldingItsLeaseUntilTheLeaseExpires() {
        String id = UUID.randomUUID().toString();
        insertHeldElsewhere(id, Instant.now().plusSeconds(3600));

        assertThat(relay.publish(new OutboxRelay.Key("tallies", id))).isZero();
        relay.sweep();
        assertThat(meters.get("yunwei.outbox.backlog").gauge().value()).isGreaterThanOrEqualTo(1.0);
        assertThat(meters.get("yunwei.outbox.oldest.age").gauge().value()).isGreaterThan(0.0);
        assertThat(pending(id)).hasSize(1);

        mongo.getCollection("tallies").updateOne(new Document("_id", id),
                new Document("$set", new Document(OutboxRelay.LEASE + ".until", Date.from(Instant.now().minusSeconds(1)))));
        // now this relay takes the document over, on its own thread (a retry already queued, or this wake): a
        // publish called here could run beside that retry, both holding this instance's lease
        relay.wake("tallies", id);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ofSubject(id)).hasSize(1));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pending(id)).isEmpty());
        // and gives the lease back once the outbox is empty
        assertThat(mongo.getCollection("tallies").find(new Document("_id", id)).first()).doesNotContainKey(OutboxRelay.LEASE);
    }

    @Test
    void publishesADocumentSoonAfterTheInstanceHoldingItsLeaseLetsGo() {
        String id = UUID.randomUUID().toString();
        insertHeldElsewhere(id, Instant.now().plusSeconds(2));

        relay.wake("tallies", id);

        // well before the next sweep (every 30 s): the relay looks again while the lease is held, then takes it over
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ofSubject(id)).hasSize(1));
    }

    @Test
    void publishesWhatALaterSaveLeftToAQueuedHandOverWhoseOwnEventsWentOutMeanwhile() {
        String id = UUID.randomUUID().toString();
        store.save(SampleDocuments.counted(id, 1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pending(id)).isEmpty());
        // a later save found a drain of this document queued, handing over event 1, which another drain published
        // since: it left its event 2 in the outbox for that drain
        mongo.getCollection("tallies").updateOne(new Document("_id", id),
                new Document("$push", new Document("outbox", pendingEvent(id, 2))));

        int published = relay.publishHandedOver(new OutboxRelay.Key("tallies", id),
                new Document("outbox", List.of(new Document("sequence", 1L))));

        // at once, not at the next sweep
        assertThat(pending(id)).isEmpty();
        assertThat(published).isLessThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ofSubject(id)).hasSize(2));
    }

    @Test
    void givesEveryLeaseBackOncePublished() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            store.save(SampleDocuments.counted(id, 1, 2));
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ids).allSatisfy(id -> {
            assertThat(ofSubject(id)).hasSize(2);
            assertThat(pending(id)).isEmpty();
        }));
        assertThat(mongo.getCollection("tallies").countDocuments(new Document("_id", new Document("$in", ids))
                .append(OutboxRelay.LEASE, new Document("$exists", true)))).isZero();
    }

    @Test
    void takesTheLeaseInTheSaveThatRaisesEventsSoPublishingAddsOnlyTheWriteThatRemovesThem() {
        String id = UUID.randomUUID().toString();
        store.save(SampleDocuments.counted(id, 1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pending(id)).isEmpty());
        double updates = commands("update");
        double findAndModifies = commands("findAndModify");

        store.update(SampleDocuments.type(), id, null, tally -> SampleDocuments.add(tally, 2));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(ofSubject(id)).hasSize(2);
            assertThat(pending(id)).isEmpty();
        });
        // the save (taking the lease, returning the outbox) and the release (removing what was sent), nothing else
        assertThat(commands("findAndModify") - findAndModifies).isEqualTo(2);
        assertThat(commands("update") - updates).isZero();
        assertThat(mongo.getCollection("tallies").find(new Document("_id", id)).first()).doesNotContainKey(OutboxRelay.LEASE);
    }

    @Test
    void savesBesideAnotherInstancesLeaseWithoutTakingItOver() {
        String id = UUID.randomUUID().toString();
        insertHeldElsewhere(id, Instant.now().plusSeconds(3600));
        try {
            store.update(SampleDocuments.type(), id, null, tally -> SampleDocuments.add(tally, 2));

            Document saved = mongo.getCollection("tallies").find(new Document("_id", id)).first();
            assertThat(saved.getInteger("count")).isEqualTo(9);
            assertThat(saved.get(OutboxRelay.LEASE, Document.class).getString("owner")).isEqualTo("another-instance");
            assertThat(pending(id)).hasSize(2);
            assertThat(relay.publish(new OutboxRelay.Key("tallies", id))).isZero();
        } finally {
            // an outbox held elsewhere for an hour would keep this relay retrying for the rest of the run
            mongo.getCollection("tallies").deleteOne(new Document("_id", id));
        }
    }

    private double commands(String command) {
        return meters.find("mongodb.driver.commands").tag("collection", "tallies").tag("command", command).timers()
                .stream().mapToDouble(timer -> timer.count()).sum();
    }

    @Test
    void declaresThePartialIndexItsSweepReadsOnMongoDb() {
        Document index = StreamSupport.stream(mongo.getCollection("tallies").listIndexes().spliterator(), false)
                .filter(i -> OutboxRelay.PENDING_INDEX.equals(i.getString("name"))).findFirst().orElseThrow();
        assertThat(index.get("key", Document.class)).containsEntry(OutboxRelay.PENDING, 1);
        assertThat(index.get("partialFilterExpression", Document.class))
                .isEqualTo(new Document(OutboxRelay.PENDING, new Document("$exists", true)));
    }

    /** A document with one event pending, as another instance holding its lease until then left it. */
    private void insertHeldElsewhere(String id, Instant until) {
        mongo.getCollection("tallies").insertOne(new Document("_id", id).append("version", 1L).append("sequence", 1L)
                .append("count", 7).append("outbox", List.of(pendingEvent(id, 1)))
                .append(OutboxRelay.LEASE, lease("another-instance", until)));
    }

    private static Document lease(String owner, Instant until) {
        return new Document("owner", owner).append("until", Date.from(until));
    }

    private static Document pendingEvent(String id, long sequence) {
        return new Document("id", UUID.randomUUID().toString()).append("type", "tally.counted.v1").append("subject", id)
                .append("sequence", sequence).append("time", Date.from(Instant.now().minusSeconds(5)))
                .append("payload", "{\"subject\":\"%s\",\"count\":7}".formatted(id));
    }

    private List<?> pending(String id) {
        return mongo.getCollection("tallies").find(new Document("_id", id)).first().getList("outbox", Document.class, List.of());
    }

    private static List<ConsumerRecord<String, String>> ofSubject(String id) {
        return published.records().stream().filter(r -> id.equals(r.key())).toList();
    }
}
