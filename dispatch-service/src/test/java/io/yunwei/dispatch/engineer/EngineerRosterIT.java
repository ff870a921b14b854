package io.yunwei.dispatch.engineer;

import static io.yunwei.chassis.testkit.Callers.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.bson.Document;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;

/** The roster as the dispatch desk lists it: by area, a page at a time, in id order; not for engineers. */
@IntegrationTest
@AutoConfigureMockMvc
class EngineerRosterIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    EngineerRoster roster;

    @Test
    void listsTheEngineersCoveringAnAreaAsOwnOrBackupAPageAtATime() throws Exception {
        String area = "a-" + UUID.randomUUID().toString().substring(0, 8);
        String first = add("e1-" + area, List.of(area), List.of());
        String second = add("e2-" + area, List.of("elsewhere"), List.of(area));
        add("e3-" + area, List.of("elsewhere"), List.of());

        String page0 = mvc.perform(get("/api/v1/engineers").param("areaCode", area).param("size", "1")
                        .with(role("DISPATCHER")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.totalElements").value(2))
                .andExpect(jsonPath("$.totalPages").value(2)).andReturn().getResponse().getContentAsString();
        String page1 = mvc.perform(get("/api/v1/engineers").param("areaCode", area).param("size", "1")
                        .param("page", "1").with(role("SUPERVISOR")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(List.of(JsonPath.<String>read(page0, "$.content[0].id"), JsonPath.<String>read(page1, "$.content[0].id")))
                .containsExactly(first, second);
        assertThat(JsonPath.<Integer>read(page0, "$.content[0].capacity")).isEqualTo(3);
        assertThat(JsonPath.<List<String>>read(page0, "$.content[0].active")).isEmpty();
    }

    @Test
    void refusesAPageLargerThanTwoHundred() throws Exception {
        mvc.perform(get("/api/v1/engineers").param("size", "201").with(role("DISPATCHER")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
    }

    @Test
    void keepsTheRosterFromEngineers() throws Exception {
        mvc.perform(get("/api/v1/engineers").with(role("ENGINEER"))).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
    }

    @Test
    void countsEveryDispatchOfABusyDayOnceWhileTheDocumentKeepsOnlyTheLatest() throws Exception {
        String id = add("busy-" + UUID.randomUUID().toString().substring(0, 8), List.of("310115"), List.of());
        LocalDate today = LocalDate.of(2026, 12, 7);
        int day = 3 * EngineerRoster.TALLY_WINDOW;
        for (int i = 0; i < day; i++) {
            assertThat(roster.reserve(roster.engineer(id).orElseThrow(), "d-" + i, today)).isTrue();
            // retried before the dispatch was saved: still one
            assertThat(roster.reserve(roster.engineer(id).orElseThrow(), "d-" + i, today)).isTrue();
            roster.release(id, "d-" + i);
        }

        Engineer busy = roster.engineer(id).orElseThrow();
        assertThat(busy.dispatchesOn(today)).isEqualTo(day);
        assertThat(busy.tally()).containsExactlyElementsOf(IntStream.range(day - EngineerRoster.TALLY_WINDOW, day)
                .mapToObj(i -> "d-" + i).toList());
        assertThat(busy.active()).isEmpty();

        // a reservation given back is taken off the count once, however often it is given back
        roster.reserve(busy, "d-given-back", today);
        roster.abandon(id, "d-given-back");
        roster.abandon(id, "d-given-back");
        assertThat(roster.engineer(id).orElseThrow().dispatchesOn(today)).isEqualTo(day);

        // the next day counts afresh
        roster.reserve(roster.engineer(id).orElseThrow(), "d-next", today.plusDays(1));
        Engineer nextDay = roster.engineer(id).orElseThrow();
        assertThat(nextDay.dispatchesOn(today.plusDays(1))).isEqualTo(1);
        assertThat(nextDay.dispatchesOn(today)).isZero();
        assertThat(nextDay.tally()).containsExactly("d-next");
    }

    @Test
    void readsTheDayOfAnEngineerStoredBeforeTheCountWasKeptFromItsList() throws Exception {
        String id = add("listed-" + UUID.randomUUID().toString().substring(0, 8), List.of("310115"), List.of());
        mongo.getCollection("engineers").updateOne(new Document("_id", id), new Document("$set",
                new Document("tallyDay", "2026-12-07").append("tally", List.of("a", "b", "c"))));

        assertThat(roster.engineer(id).orElseThrow().dispatchesOn(LocalDate.of(2026, 12, 7))).isEqualTo(3);
    }

    private String add(String id, List<String> areas, List<String> backupAreas) throws Exception {
        mvc.perform(post("/api/v1/engineers").with(role("SUPERVISOR")).contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"id":"%s","name":"工程师","skills":[{"category":"UPS","level":3}],"areas":%s,"backupAreas":%s,
                         "capacity":3}""".formatted(id, json(areas), json(backupAreas))))
                .andExpect(status().isCreated());
        return id;
    }

    private static String json(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
