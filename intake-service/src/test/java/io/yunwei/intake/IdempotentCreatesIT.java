package io.yunwei.intake;

import static io.yunwei.chassis.testkit.Callers.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.index.MongoPersistentEntityIndexResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.idempotency.IdempotencyKeys;
import io.yunwei.chassis.idempotency.IdempotentCreates;
import io.yunwei.chassis.testkit.IntegrationTest;

/** Every creating request of intake answers a retry with its first response, byte for byte. */
@IntegrationTest
@AutoConfigureMockMvc
class IdempotentCreatesIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    IdempotentCreates idempotentCreates;

    String customerId;

    @BeforeEach
    void aCustomer() throws Exception {
        customerId = "c" + UUID.randomUUID().toString().substring(0, 8);
        send("/api/v1/customers", null, "{\"id\":\"%s\",\"name\":\"Acme\"}".formatted(customerId))
                .andExpect(status().isCreated());
    }

    @Test
    void replaysTheCustomerItCreatedInsteadOfRefusingTheTakenId() throws Exception {
        String id = "c" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"id\":\"%s\",\"name\":\"Globex\"}".formatted(id);

        assertReplayed("/api/v1/customers", body);
    }

    @Test
    void addsASiteOnceWhenRetried() throws Exception {
        assertReplayed("/api/v1/customers/" + customerId + "/sites",
                "{\"name\":\"HQ\",\"address\":\"上海市浦东新区 1 号\",\"areaCode\":\"310115\"}");

        mvc.perform(get("/api/v1/customers/{id}", customerId).with(agent())).andExpect(jsonPath("$.sites.length()").value(1));
    }

    @Test
    void addsAContactOnceWhenRetried() throws Exception {
        assertReplayed("/api/v1/customers/" + customerId + "/contacts", "{\"name\":\"张先生\",\"phone\":\"13800000000\"}");

        mvc.perform(get("/api/v1/customers/{id}", customerId).with(agent()))
                .andExpect(jsonPath("$.contacts.length()").value(1));
    }

    @Test
    void addsAnAssetOnceWhenRetried() throws Exception {
        assertReplayed("/api/v1/assets", "{\"customerId\":\"%s\",\"category\":\"UPS\",\"attributes\":{\"b\":\"2\",\"a\":\"1\"}}"
                .formatted(customerId));

        mvc.perform(get("/api/v1/customers/{id}", customerId).with(agent())).andExpect(jsonPath("$.assets.length()").value(1));
    }

    @Test
    void recordsACallOnceWhenRetried() throws Exception {
        assertReplayed("/api/v1/calls", "{\"ringingAt\":\"2026-11-25T09:00:00Z\",\"answeredAt\":\"2026-11-25T09:00:07Z\","
                + "\"agentId\":\"agent-7\"}");
    }

    @Test
    void answersARetryWithTheCallARequestThatStoppedBeforeAnsweringRecorded() throws Exception {
        assertMadeOnceAcrossAStop("/api/v1/calls", "{\"ringingAt\":\"2026-11-25T09:00:00Z\",\"agentId\":\"agent-7\"}");
    }

    @Test
    void answersARetryWithTheAssetARequestThatStoppedBeforeAnsweringAdded() throws Exception {
        assertMadeOnceAcrossAStop("/api/v1/assets", "{\"customerId\":\"%s\",\"category\":\"UPS\"}".formatted(customerId));

        mvc.perform(get("/api/v1/customers/{id}", customerId).with(agent())).andExpect(jsonPath("$.assets.length()").value(1));
    }

    @Test
    void answersARetryWithTheSiteAndTheContactARequestThatStoppedBeforeAnsweringAdded() throws Exception {
        assertMadeOnceAcrossAStop("/api/v1/customers/" + customerId + "/sites",
                "{\"name\":\"HQ\",\"address\":\"上海市浦东新区 1 号\",\"areaCode\":\"310115\"}");
        assertMadeOnceAcrossAStop("/api/v1/customers/" + customerId + "/contacts", "{\"name\":\"张先生\",\"phone\":\"13800000000\"}");

        mvc.perform(get("/api/v1/customers/{id}", customerId).with(agent()))
                .andExpect(jsonPath("$.sites.length()").value(1)).andExpect(jsonPath("$.contacts.length()").value(1));
    }

    @Test
    void hashesTheRequestAsParsedSoKeyOrderAndSpacingDoNotMatter() throws Exception {
        String key = UUID.randomUUID().toString();
        String first = send("/api/v1/assets", key, "{\"customerId\":\"%s\",\"category\":\"UPS\",\"attributes\":{\"b\":\"2\",\"a\":\"1\"}}"
                .formatted(customerId)).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();

        String retried = send("/api/v1/assets", key, "{ \"attributes\" : {\"a\":\"1\", \"b\":\"2\"}, \"category\":\"UPS\", \"customerId\":\"%s\" }"
                .formatted(customerId)).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();

        assertThat(retried).isEqualTo(first);
    }

    @Test
    void refusesTheSameKeyWithAnotherBody() throws Exception {
        String key = UUID.randomUUID().toString();
        send("/api/v1/customers/" + customerId + "/contacts", key, "{\"name\":\"张先生\",\"phone\":\"13800000000\"}")
                .andExpect(status().isCreated());

        send("/api/v1/customers/" + customerId + "/contacts", key, "{\"name\":\"李女士\",\"phone\":\"13900000000\"}")
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_REUSED"));
    }

    @Test
    void purgesKeysPastTheirRetention() throws Exception {
        String key = UUID.randomUUID().toString();
        send("/api/v1/customers/" + customerId + "/contacts", key, "{\"name\":\"张先生\",\"phone\":\"13800000000\"}")
                .andExpect(status().isCreated());
        Document stored = mongo.findOne(query(where("_id.key").is(key)), Document.class, "idempotency_keys");
        Instant expiresAt = stored.getDate("expiresAt").toInstant();

        idempotentCreates.purge(expiresAt.minusSeconds(1));
        assertThat(mongo.exists(query(where("_id.key").is(key)), "idempotency_keys")).isTrue();
        idempotentCreates.purge(expiresAt);

        assertThat(mongo.exists(query(where("_id.key").is(key)), "idempotency_keys")).isFalse();
    }

    @Test
    void declaresATtlIndexForMongoDbToExpireKeysAtTheirTime() {
        MongoMappingContext mapping = new MongoMappingContext();
        mapping.setAutoIndexCreation(true);
        mapping.setSimpleTypeHolder(new MongoCustomConversions(List.of()).getSimpleTypeHolder());

        List<Document> options = StreamSupport.stream(new MongoPersistentEntityIndexResolver(mapping)
                .resolveIndexFor(IdempotentCreates.Entry.class).spliterator(), false)
                .map(index -> index.getIndexOptions()).toList();

        assertThat(options).anySatisfy(index -> {
            assertThat(index.getString("name")).isEqualTo("expires");
            assertThat(index.get("expireAfterSeconds")).isEqualTo(0L);
        });
    }

    private void assertReplayed(String path, String body) throws Exception {
        String key = UUID.randomUUID().toString();
        MockHttpServletResponse first = send(path, key, body).andExpect(status().isCreated())
                .andExpect(header().doesNotExist("Idempotent-Replayed")).andReturn().getResponse();

        MockHttpServletResponse replayed = send(path, key, body).andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true")).andReturn().getResponse();

        assertThat(replayed.getContentAsByteArray()).isEqualTo(first.getContentAsByteArray());
        assertThat(replayed.getContentType()).isEqualTo(first.getContentType());
    }

    /** The request made its resource, then its process stopped before the response was kept; a retry comes later. */
    private void assertMadeOnceAcrossAStop(String path, String body) throws Exception {
        String key = UUID.randomUUID().toString();
        String made = JsonPath.read(send(path, key, body).andExpect(status().isCreated()).andReturn().getResponse()
                .getContentAsString(), "$.id");
        assertThat(mongo.updateFirst(query(where("_id.key").is(key)), new Update().unset("status").unset("headers")
                .unset("body").set("createdAt", Instant.parse("2026-01-01T00:00:00Z")), "idempotency_keys")
                .getModifiedCount()).isOne();

        send(path, key, body).andExpect(status().isCreated()).andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(jsonPath("$.id").value(made));
    }

    private ResultActions send(String path, String key, String body) throws Exception {
        var request = post(path).with(agent()).contentType(MediaType.APPLICATION_JSON).content(body);
        if (key != null) {
            request.header(IdempotencyKeys.HEADER, key);
        }
        return mvc.perform(request);
    }
}
