package io.yunwei.chassis.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import com.jayway.jsonpath.JsonPath;

import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.outbox.OutboxDocument;
import io.yunwei.chassis.sample.SampleDocuments;
import io.yunwei.chassis.testkit.Callers;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

/** Poison records are dead-lettered, and re-driven once their cause is fixed: applied once, never lost. */
@IntegrationTest
class DeadLetterRedriveIT {

    private static final String INBOUND = "sample.inbound";
    /** The same, to the sample's batch listener. */
    private static final String BATCHES = "sample.batches";
    private static TestEvents producer;

    @Autowired
    WebApplicationContext context;
    @Autowired
    DocumentStore store;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MeterRegistry meters;

    // built on the shared context rather than @AutoConfigureMockMvc, so no second context joins the consumer group
    MockMvc mvc;

    @BeforeAll
    static void connect() {
        producer = new TestEvents(TestInfrastructure.get().kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    @BeforeEach
    void client() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @ParameterizedTest
    @ValueSource(strings = { INBOUND, BATCHES })
    void aRecordThatMeetsAStoreOutageWaitsForTheStoreInsteadOfBeingDeadLettered(String topic) {
        String subject = UUID.randomUUID().toString();
        // more failed attempts than the retries a poison record gets before it is dead-lettered
        SampleDocuments.storeOutageFor(subject, 8);

        producer.send(topic, "amount.v1", subject, 1, "{\"amount\":4}");
        producer.send(topic, "amount.v1", subject, 2, "{\"amount\":6}");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(subject)).isEqualTo(10));
        assertThat(letter(subject)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { INBOUND, BATCHES })
    void redrivesAFixedPoisonRecordOnceAfterTheSubjectsLaterEventsWereApplied(String topic) throws Exception {
        String subject = UUID.randomUUID().toString();
        producer.send(topic, "amount.v1", subject, 1, "{\"amount\":3}");
        producer.send(topic, "amount.v1", subject, 2, "{\"amount\":-1}");
        producer.send(topic, "amount.v1", subject, 3, "{\"amount\":5}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(subject)).isEqualTo(8));
        String id = deadLetterOf(subject);
        assertThat(skipped(topic, subject)).containsExactly(2L);

        SampleDocuments.fixPoisonOf(subject);
        mvc.perform(post("/api/v1/admin/sample/dead-letters/{id}/redrive", id).with(Callers.role("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.status").value("REDRIVEN"))
                .andExpect(jsonPath("$.redrive.by").value("admin"))
                .andExpect(jsonPath("$.redrive.at").isNotEmpty())
                .andExpect(jsonPath("$.redrive.outcome").value("HANDLED"));

        assertThat(count(subject)).isEqualTo(7);
        assertThat(skipped(topic, subject)).isEmpty();
        assertThat(meters.get("yunwei.events.redriven").tag("outcome", "HANDLED").counter().count())
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void refusesToRedriveALetterTwice() throws Exception {
        String subject = UUID.randomUUID().toString();
        producer.send(INBOUND, "amount.v1", subject, 1, "{\"amount\":-2}");
        producer.send(INBOUND, "amount.v1", subject, 2, "{\"amount\":4}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(subject)).isEqualTo(4));
        String id = deadLetterOf(subject);
        SampleDocuments.fixPoisonOf(subject);
        mvc.perform(post("/api/v1/admin/sample/dead-letters/{id}/redrive", id).with(Callers.role("ADMIN")))
                .andExpect(status().isOk());

        mvc.perform(post("/api/v1/admin/sample/dead-letters/{id}/redrive", id).with(Callers.role("ADMIN")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("ALREADY_REDRIVEN"))
                .andExpect(jsonPath("$.redrivenBy").value("admin"));
        assertThat(count(subject)).isEqualTo(2);
    }

    @Test
    void stillDropsADuplicateOfAnEventAppliedByRedrive() {
        String subject = UUID.randomUUID().toString();
        producer.send(INBOUND, "amount.v1", subject, 1, "{\"amount\":-1}");
        producer.send(INBOUND, "amount.v1", subject, 2, "{\"amount\":10}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(subject)).isEqualTo(10));
        SampleDocuments.fixPoisonOf(subject);
        redrive(deadLetterOf(subject));
        assertThat(count(subject)).isEqualTo(9);

        // the poison's record delivered once more, then a marker behind it on the same partition
        producer.send(INBOUND, "amount.v1", subject, 1, "{\"amount\":-1}");
        producer.send(INBOUND, "amount.v1", subject, 3, "{\"amount\":100}");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(subject)).isEqualTo(109));
    }

    @ParameterizedTest
    @ValueSource(strings = { INBOUND, BATCHES })
    void deadLettersARedrivenRecordAgainWhileItStillFails(String topic) throws Exception {
        String subject = UUID.randomUUID().toString();
        producer.send(topic, "amount.v1", subject, 1, "{\"amount\":-5}");
        producer.send(topic, "amount.v1", subject, 2, "{\"amount\":6}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(subject)).isEqualTo(6));
        String id = deadLetterOf(subject);

        String body = mvc.perform(post("/api/v1/admin/sample/dead-letters/{id}/redrive", id).with(Callers.role("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REDRIVEN"))
                .andExpect(jsonPath("$.redrive.outcome").value("DEAD_LETTERED_AGAIN"))
                .andExpect(jsonPath("$.redrive.error").value(org.hamcrest.Matchers.containsString("negative amount -5")))
                .andReturn().getResponse().getContentAsString();
        String again = JsonPath.read(body, "$.redrive.deadLetteredAgainAs");

        assertThat(count(subject)).isEqualTo(6);
        Document letter = mongo.getCollection(DeadLetters.COLLECTION).find(new Document("_id", again)).first();
        assertThat(letter).isNotNull();
        assertThat(letter.getString("status")).isEqualTo("DEAD");
        assertThat(letter.getString("redriveOf")).isEqualTo(id);
        assertThat(letter.getString("value")).isEqualTo("{\"amount\":-5}");
        assertThat(letter.get("headers", Document.class)).doesNotContainKey(DeadLetters.REDRIVE_HEADER);
        try (TopicProbe deadLetterTopic = new TopicProbe(TestInfrastructure.get().kafkaBootstrapServers(),
                DeadLetters.deadLetterTopic(topic, "sample"))) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadLetterTopic.records())
                    .filteredOn(r -> subject.equals(r.key())).hasSize(2));
        }

        SampleDocuments.fixPoisonOf(subject);
        mvc.perform(post("/api/v1/admin/sample/dead-letters/{id}/redrive", again).with(Callers.role("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.redrive.outcome").value("HANDLED"));
        assertThat(count(subject)).isEqualTo(1);
    }

    @Test
    void redrivesALetterToTheListenerOfTheGroupThatDeadLetteredIt() throws Exception {
        String subject = SampleDocuments.audited();
        producer.send(INBOUND, "amount.v1", subject, 1, "{\"amount\":-999}");
        await().atMost(Duration.ofSeconds(30)).until(() -> lettersOf(subject).size() == 2);
        List<Document> letters = lettersOf(subject);
        assertThat(letters).extracting(l -> l.getString("group")).containsExactlyInAnyOrder("sample", "sample-audit");
        String audit = letters.stream().filter(l -> "sample-audit".equals(l.getString("group")))
                .map(l -> l.getString("_id")).findFirst().orElseThrow();
        SampleDocuments.fixPoisonOf(subject);

        redrive(audit);

        assertThat(SampleDocuments.audited(store, subject)).isEqualTo(1);
        assertThat(count(subject)).isZero();
    }

    @Test
    void takesOverARedriveLeftUnfinishedByAnInstanceThatStopped() throws Exception {
        String subject = UUID.randomUUID().toString();
        producer.send(INBOUND, "amount.v1", subject, 1, "{\"amount\":-3}");
        producer.send(INBOUND, "amount.v1", subject, 2, "{\"amount\":8}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(subject)).isEqualTo(8));
        String id = deadLetterOf(subject);
        SampleDocuments.fixPoisonOf(subject);
        claimed(id, Instant.now());

        mvc.perform(post("/api/v1/admin/sample/dead-letters/{id}/redrive", id).with(Callers.role("ADMIN")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("ALREADY_REDRIVEN"))
                .andExpect(jsonPath("$.currentStatus").value("REDRIVING"));
        claimed(id, Instant.now().minus(DeadLetterRedrive.STALE_CLAIM).minusSeconds(60));
        redrive(id);

        assertThat(count(subject)).isEqualTo(5);
    }

    @Test
    void listsDeadLettersPagedForAdminsOnly() throws Exception {
        String subject = UUID.randomUUID().toString();
        producer.send(INBOUND, "amount.v1", subject, 1, "{\"amount\":-7}");
        String id = deadLetterOf(subject);

        mvc.perform(get("/api/v1/admin/sample/dead-letters").param("topic", INBOUND).param("status", "DEAD").param("size", "100")
                .with(Callers.role("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.size").value(100))
                .andExpect(jsonPath("$.content[?(@.id == '%s')].key".formatted(id)).value(subject))
                .andExpect(jsonPath("$.content[?(@.id == '%s')].error".formatted(id))
                        .value(org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsString("negative amount -7"))));
        mvc.perform(get("/api/v1/admin/sample/dead-letters/{id}", id).with(Callers.role("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.topic").value(INBOUND))
                .andExpect(jsonPath("$.group").value("sample"))
                .andExpect(jsonPath("$.headers.ce_subject").value(subject));
        mvc.perform(get("/api/v1/admin/sample/dead-letters").param("size", "1000").with(Callers.role("ADMIN")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        mvc.perform(get("/api/v1/admin/sample/dead-letters").with(Callers.role("SUPERVISOR")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/admin/sample/dead-letters/{id}/redrive", id).with(Callers.role("SUPERVISOR")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/admin/sample/dead-letters/{id}/redrive", "no-such-letter").with(Callers.role("ADMIN")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("DEAD_LETTER_NOT_FOUND"));
    }

    @Test
    void appliesEventsToADocumentStoredBeforeSkippedSequencesWereRemembered() {
        String subject = UUID.randomUUID().toString();
        mongo.getCollection("tallies").insertOne(new Document("_id", subject).append("version", 1L)
                .append("sequence", 0L).append("count", 10).append("consumed", new Document("sample_inbound", 2L))
                .append("outbox", List.of()));
        producer.send(INBOUND, "amount.v1", subject, 2, "{\"amount\":1000}");
        producer.send(INBOUND, "amount.v1", subject, 3, "{\"amount\":1}");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(subject)).isEqualTo(11));
    }

    private void claimed(String id, Instant at) {
        mongo.getCollection(DeadLetters.COLLECTION).updateOne(new Document("_id", id), new Document("$set",
                new Document("status", "REDRIVING").append("redrive", new Document("by", "admin-on-a-stopped-instance")
                        .append("at", Date.from(at)))));
    }

    private void redrive(String id) {
        try {
            mvc.perform(post("/api/v1/admin/sample/dead-letters/{id}/redrive", id).with(Callers.role("ADMIN")))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.redrive.outcome").value("HANDLED"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String deadLetterOf(String subject) {
        await().atMost(Duration.ofSeconds(30)).until(() -> letter(subject) != null);
        Document letter = letter(subject);
        assertThat(letter.getString("status")).isEqualTo("DEAD");
        return letter.getString("_id");
    }

    private Document letter(String subject) {
        return mongo.getCollection(DeadLetters.COLLECTION).find(new Document("key", subject).append("attempt", null))
                .first();
    }

    private List<Document> lettersOf(String subject) {
        return mongo.getCollection(DeadLetters.COLLECTION).find(new Document("key", subject)).into(new ArrayList<>());
    }

    private List<Long> skipped(String topic, String subject) {
        return store.find(SampleDocuments.type(), subject).map(d -> ((OutboxDocument) d).skipped(topic))
                .orElseThrow();
    }

    private int count(String subject) {
        return store.find(SampleDocuments.type(), subject).map(SampleDocuments::count).orElse(0);
    }
}
