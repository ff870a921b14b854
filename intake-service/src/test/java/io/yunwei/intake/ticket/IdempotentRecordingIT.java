package io.yunwei.intake.ticket;

import static io.yunwei.chassis.testkit.Callers.agent;
import static io.yunwei.chassis.testkit.Callers.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;

@IntegrationTest
@AutoConfigureMockMvc
class IdempotentRecordingIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    MongoTemplate mongo;

    Desk desk;
    String key;

    @BeforeEach
    void freshCustomerAndKey() throws Exception {
        desk = new Desk(mvc);
        key = UUID.randomUUID().toString();
    }

    @Test
    void answersARetryWithTheTicketTheFirstRequestRecorded() throws Exception {
        String body = desk.report("INSPECTION", null);
        String first = JsonPath.read(record(key, body).andExpect(status().isCreated()).andReturn().getResponse()
                .getContentAsString(), "$.id");

        String retried = JsonPath.read(record(key, body.replace(",", ", ")).andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString(), "$.id");

        assertThat(retried).isEqualTo(first);
    }

    @Test
    void refusesTheSameKeyForADifferentRequest() throws Exception {
        record(key, desk.report("INSPECTION", null)).andExpect(status().isCreated());

        record(key, desk.report("INSPECTION", null, "why")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_REUSED"));
    }

    @Test
    void givesTheKeyBackWhenTheFirstRequestWasRefused() throws Exception {
        record(key, desk.report("INSPECTION", "\"assetIds\":[\"no-such-asset\"]")).andExpect(status().isUnprocessableContent());

        record(key, desk.report("INSPECTION", null)).andExpect(status().isCreated());
    }

    @Test
    void keepsKeysApartPerClient() throws Exception {
        String body = desk.report("CUSTOMER_CALL", null);
        String mine = JsonPath.read(record(key, body).andReturn().getResponse().getContentAsString(), "$.id");

        String theirs = JsonPath.read(mvc.perform(post("/api/v1/tickets")
                .with(caller("another-agent", "AGENT", null, null))
                .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(), "$.id");

        assertThat(theirs).isNotEqualTo(mine);
    }

    @Test
    void replaysTheFirstResponseByteForByteAfterTheTicketMovedOn() throws Exception {
        String body = desk.report("INSPECTION", null);
        MockHttpServletResponse first = record(key, body).andExpect(status().isCreated()).andReturn().getResponse();
        String id = JsonPath.read(first.getContentAsString(), "$.id");
        desk.send(post("/api/v1/tickets/{id}/cancellation", id), "{\"reason\":\"误报\"}").andExpect(status().isOk());

        MockHttpServletResponse replayed = record(key, body).andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true")).andReturn().getResponse();

        assertThat(replayed.getContentAsByteArray()).isEqualTo(first.getContentAsByteArray());
        assertThat(replayed.getHeader("Location")).isEqualTo(first.getHeader("Location"));
        assertThat(replayed.getHeader("ETag")).isEqualTo(first.getHeader("ETag"));
        assertThat((String) JsonPath.read(replayed.getContentAsString(), "$.status")).isEqualTo("OPEN");
    }

    @Test
    void refusesTheSameKeyForAnotherOperation() throws Exception {
        record(key, desk.report("INSPECTION", null)).andExpect(status().isCreated());

        mvc.perform(post("/api/v1/calls").with(agent()).header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"ringingAt\":\"2026-11-25T09:00:00Z\",\"agentId\":\"agent-1\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_REUSED"));
    }

    @Test
    void treatsAKeyPastItsRetentionAsNeverUsed() throws Exception {
        String body = desk.report("INSPECTION", null);
        String first = JsonPath.read(record(key, body).andReturn().getResponse().getContentAsString(), "$.id");
        // the store never expires documents by itself: move the key past its retention as time would
        assertThat(mongo.updateFirst(query(where("_id.key").is(key)),
                new Update().set("expiresAt", Instant.parse("2000-01-01T00:00:00Z")), "idempotency_keys")
                .getModifiedCount()).isOne();

        String second = JsonPath.read(record(key, body).andExpect(status().isCreated())
                .andExpect(header().doesNotExist("Idempotent-Replayed")).andReturn().getResponse().getContentAsString(),
                "$.id");

        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void answersARetryWithTheTicketARequestThatStoppedBeforeAnsweringRecorded() throws Exception {
        String body = desk.report("INSPECTION", null);
        String first = JsonPath.read(record(key, body).andExpect(status().isCreated()).andReturn().getResponse()
                .getContentAsString(), "$.id");
        // as a process killed after the ticket was stored, before its response was, leaves the key
        stoppedHalfWay(key);

        MockHttpServletResponse retried = record(key, body).andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true")).andReturn().getResponse();

        assertThat((String) JsonPath.read(retried.getContentAsString(), "$.id")).isEqualTo(first);
        assertThat((String) JsonPath.read(retried.getContentAsString(), "$.status")).isEqualTo("OPEN");
        assertThat(retried.getHeader("Location")).isEqualTo("/api/v1/tickets/" + first);
        // and from then on the same answer, now kept
        record(key, body).andExpect(status().isCreated()).andExpect(jsonPath("$.id").value(first));
    }

    @Test
    void recordsOnRetryWhenTheRequestThatStoppedHadRecordedNothing() throws Exception {
        String body = desk.report("INSPECTION", null);
        String first = JsonPath.read(record(key, body).andReturn().getResponse().getContentAsString(), "$.id");
        stoppedHalfWay(key);
        // it stopped before the ticket was stored
        mongo.remove(query(where("_id").is(first)), "tickets");

        String second = JsonPath.read(record(key, body).andExpect(status().isCreated())
                .andExpect(header().doesNotExist("Idempotent-Replayed")).andReturn().getResponse().getContentAsString(),
                "$.id");

        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void refusesARetryWhileTheFirstRequestMayStillBeRunning() throws Exception {
        String body = desk.report("INSPECTION", null);
        record(key, body).andExpect(status().isCreated());
        assertThat(mongo.updateFirst(query(where("_id.key").is(key)), new Update().unset("status"),
                "idempotency_keys").getModifiedCount()).isOne();

        record(key, body).andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_IN_USE"));
    }

    /** The key as its request left it when it stopped before storing its response, long enough ago to be abandoned. */
    private void stoppedHalfWay(String idempotencyKey) {
        assertThat(mongo.updateFirst(query(where("_id.key").is(idempotencyKey)), new Update().unset("status")
                .unset("headers").unset("body").set("createdAt", Instant.parse("2026-01-01T00:00:00Z")),
                "idempotency_keys").getModifiedCount()).isOne();
    }

    @Test
    void refusesAKeyLongerThanTwoHundredCharacters() throws Exception {
        record("k".repeat(201), desk.report("INSPECTION", null)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"));
    }

    private ResultActions record(String idempotencyKey, String body) throws Exception {
        return mvc.perform(post("/api/v1/tickets").with(agent()).header("Idempotency-Key", idempotencyKey)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
