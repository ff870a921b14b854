package io.yunwei.intake.ticket;

import static io.yunwei.chassis.testkit.Callers.agent;
import static io.yunwei.chassis.testkit.Callers.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;

@IntegrationTest
@AutoConfigureMockMvc
class IdempotentRecordingIT {

    @Autowired
    MockMvc mvc;

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

    private ResultActions record(String idempotencyKey, String body) throws Exception {
        return mvc.perform(post("/api/v1/tickets").with(agent()).header("Idempotency-Key", idempotencyKey)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
