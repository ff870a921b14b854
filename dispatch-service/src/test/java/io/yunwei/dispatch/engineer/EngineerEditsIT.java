package io.yunwei.dispatch.engineer;

import static io.yunwei.chassis.testkit.Callers.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.bson.Document;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.idempotency.IdempotencyKeys;
import io.yunwei.chassis.testkit.IntegrationTest;

/** Adding engineers safely under retries ({@code Idempotency-Key}) and editing availability with {@code If-Match}. */
@IntegrationTest
@AutoConfigureMockMvc
class EngineerEditsIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    EngineerRoster roster;

    @Test
    void addsOneEngineerForARetriedRequestWithoutAnIdAndAnswersTheRetryAsTheFirstTime() throws Exception {
        String name = "工程师 " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();

        MockHttpServletResponse first = add(key, newEngineer(null, name, 3)).andExpect(status().isCreated())
                .andReturn().getResponse();
        MockHttpServletResponse retry = add(key, newEngineer(null, name, 3)).andExpect(status().isCreated())
                .andExpect(header().string(IdempotencyKeys.REPLAYED, "true")).andReturn().getResponse();

        assertThat(retry.getContentAsString()).isEqualTo(first.getContentAsString());
        assertThat(retry.getHeader(HttpHeaders.ETAG)).isEqualTo(first.getHeader(HttpHeaders.ETAG));
        assertThat(mongo.count(query(where("name").is(name)), Engineer.class)).isEqualTo(1);
    }

    @Test
    void answersARetryOfAnEngineerWithAnIdInsteadOfRefusingItAsExisting() throws Exception {
        String id = "e-" + UUID.randomUUID().toString().substring(0, 8);
        String key = UUID.randomUUID().toString();
        String first = add(key, newEngineer(id, "王工", 3)).andExpect(status().isCreated()).andReturn().getResponse()
                .getContentAsString();

        add(key, newEngineer(id, "王工", 3)).andExpect(status().isCreated())
                .andExpect(result -> assertThat(result.getResponse().getContentAsString()).isEqualTo(first));
        add(UUID.randomUUID().toString(), newEngineer(id, "王工", 3)).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("ENGINEER_EXISTS"));
    }

    @Test
    void refusesTheSameKeyWithAnotherEngineer() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = "工程师 " + UUID.randomUUID();
        add(key, newEngineer(null, name, 3)).andExpect(status().isCreated());

        add(key, newEngineer(null, name, 4)).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_REUSED"));
        add(key, newEngineer("e-" + UUID.randomUUID().toString().substring(0, 8), name, 3))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_REUSED"));
        assertThat(mongo.count(query(where("name").is(name)), Engineer.class)).isEqualTo(1);
    }

    @Test
    void refusesAnAvailabilityChangeOnAnEngineerEditedSinceItWasRead() throws Exception {
        String id = added();
        String read = engineer(id).andReturn().getResponse().getHeader(HttpHeaders.ETAG);

        String written = availability(id, read, false).andExpect(status().isOk())
                .andExpect(jsonPath("$.available").value(false)).andReturn().getResponse().getHeader(HttpHeaders.ETAG);
        assertThat(written).isNotEqualTo(read);

        availability(id, read, true).andExpect(status().isPreconditionFailed())
                .andExpect(jsonPath("$.code").value("PRECONDITION_FAILED"))
                .andExpect(jsonPath("$.currentETag").value(written));
        engineer(id).andExpect(jsonPath("$.available").value(false)).andExpect(header().string(HttpHeaders.ETAG, written));
    }

    @Test
    void takesAnIfMatchListNamingTheCurrentETagAndRefusesAWeakTag() throws Exception {
        String id = added();
        String read = engineer(id).andReturn().getResponse().getHeader(HttpHeaders.ETAG);

        availability(id, "W/" + read, false).andExpect(status().isPreconditionFailed())
                .andExpect(jsonPath("$.currentETag").value(read));
        availability(id, "\"41\", " + read, false).andExpect(status().isOk());
        availability(id, "*", true).andExpect(status().isOk()).andExpect(jsonPath("$.available").value(true));
    }

    @Test
    void changesAvailabilityWithoutIfMatchAsBefore() throws Exception {
        String id = added();

        availability(id, null, false).andExpect(status().isOk()).andExpect(jsonPath("$.available").value(false))
                .andExpect(header().exists(HttpHeaders.ETAG));
    }

    @Test
    void keepsTheETagWhenOnlyTheEngineersLoadChanges() throws Exception {
        String id = added();
        String read = engineer(id).andReturn().getResponse().getHeader(HttpHeaders.ETAG);

        assertThat(roster.reserve(roster.engineer(id).orElseThrow(), "T-" + UUID.randomUUID() + "-D1", LocalDate.now())).isTrue();

        availability(id, read, false).andExpect(status().isOk());
    }

    @Test
    void readsAnEngineerStoredBeforeRevisionsWereKeptAsRevisionZero() throws Exception {
        String id = "e-" + UUID.randomUUID().toString().substring(0, 8);
        mongo.insert(new Document("_id", id).append("name", "老张").append("areas", List.of("sh-pd"))
                .append("capacity", 2).append("available", true), "engineers");

        engineer(id).andExpect(header().string(HttpHeaders.ETAG, "\"0\""));
        availability(id, "\"0\"", false).andExpect(status().isOk()).andExpect(header().string(HttpHeaders.ETAG, "\"1\""));
    }

    @Test
    void keepsTheHomeLocationTheEngineerIsAddedWith() throws Exception {
        String id = "e-" + UUID.randomUUID().toString().substring(0, 8);
        add(UUID.randomUUID().toString(), """
                {"id":"%s","name":"赵工","skills":[{"category":"UPS","level":4}],"areas":["sh-pd"],"capacity":2,
                 "homeLocation":{"latitude":31.2304,"longitude":121.4737}}""".formatted(id))
                .andExpect(status().isCreated());

        engineer(id).andExpect(jsonPath("$.homeLocation.latitude").value(31.2304))
                .andExpect(jsonPath("$.homeLocation.longitude").value(121.4737));
    }

    @Test
    void refusesAHomeLocationOffTheMap() throws Exception {
        add(UUID.randomUUID().toString(), """
                {"name":"赵工","skills":[{"category":"UPS","level":4}],"areas":["sh-pd"],"capacity":2,
                 "homeLocation":{"latitude":131.2,"longitude":121.4}}""").andExpect(status().isBadRequest());
    }

    private String added() throws Exception {
        String body = add(UUID.randomUUID().toString(), newEngineer(null, "李工", 2)).andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return JsonPath.read(body, "$.id");
    }

    private static String newEngineer(String id, String name, int capacity) {
        return """
                {%s"name":"%s","skills":[{"category":"PRINTER","level":3}],"areas":["sh-pd"],"capacity":%d}"""
                .formatted(id == null ? "" : "\"id\":\"" + id + "\",", name, capacity);
    }

    private ResultActions add(String key, String body) throws Exception {
        return mvc.perform(post("/api/v1/engineers").header(IdempotencyKeys.HEADER, key)
                .with(role("SUPERVISOR")).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions engineer(String id) throws Exception {
        return mvc.perform(get("/api/v1/engineers/{id}", id).with(role("DISPATCHER"))).andExpect(status().isOk());
    }

    private ResultActions availability(String id, String ifMatch, boolean available) throws Exception {
        var request = put("/api/v1/engineers/{id}/availability", id).with(role("DISPATCHER"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"available\":%s}".formatted(available));
        return mvc.perform(ifMatch == null ? request : request.header(HttpHeaders.IF_MATCH, ifMatch));
    }
}
