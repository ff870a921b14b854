package io.yunwei.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withStatus;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A ticket's dispatches and visits are read one by one until the first that is not there; a read the API could not
 * answer just now ends them too, and the page says part is missing rather than show less as if it were all.
 */
class TicketProgressTest {

    private static final String API = FakeApi.URL;
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T08:00:00Z"), ZoneOffset.UTC);
    private static final JsonNode TICKET = JsonMapper.builder().build().readTree("""
            {"id":"t-1","status":"IN_PROGRESS"}""");

    private final FakeApi fake = FakeApi.inOrder();

    @Test
    void readsEveryDispatchAndVisitUntilTheFirstThatIsNotThere() {
        timeline();
        answers("/api/v1/dispatches/t-1-D1", "{\"id\":\"t-1-D1\",\"engineerId\":\"eng-wang\",\"status\":\"ACCEPTED\"}");
        refuses("/api/v1/dispatches/t-1-D2", HttpStatus.NOT_FOUND);
        answers("/api/v1/visits/t-1-V1", "{\"id\":\"t-1-V1\",\"engineerId\":\"eng-wang\",\"status\":\"COMPLETED\"}");
        answers("/api/v1/visits/t-1-V2", "{\"id\":\"t-1-V2\",\"engineerId\":\"eng-wang\",\"status\":\"PLANNED\"}");
        refuses("/api/v1/visits/t-1-V3", HttpStatus.NOT_FOUND);

        TicketProgress progress = TicketProgress.read(fake.api, TICKET, ZONE, CLOCK);

        assertThat(progress.dispatches()).extracting(TicketProgress.DispatchRow::id).containsExactly("t-1-D1");
        assertThat(progress.visits()).extracting(TicketProgress.VisitRow::id).containsExactly("t-1-V1", "t-1-V2");
        assertThat(progress.unreadable()).isZero();
        assertThat(page(progress)).doesNotContain("progress-unreadable");
        fake.services.verify();
    }

    @Test
    void aVisitTheAgentMayNotSeeIsLeftOutWithoutAWord() {
        timeline();
        refuses("/api/v1/dispatches/t-1-D1", HttpStatus.NOT_FOUND);
        refuses("/api/v1/visits/t-1-V1", HttpStatus.FORBIDDEN);

        TicketProgress progress = TicketProgress.read(fake.api, TICKET, ZONE, CLOCK);

        assertThat(progress.visits()).isEmpty();
        assertThat(progress.unreadable()).isZero();
    }

    @Test
    void aReadTheApiCouldNotAnswerIsNamedOnThePage() {
        timeline();
        answers("/api/v1/dispatches/t-1-D1", "{\"id\":\"t-1-D1\",\"engineerId\":\"eng-wang\",\"status\":\"ACCEPTED\"}");
        refuses("/api/v1/dispatches/t-1-D2", HttpStatus.NOT_FOUND);
        refuses("/api/v1/visits/t-1-V1", HttpStatus.SERVICE_UNAVAILABLE);

        TicketProgress progress = TicketProgress.read(fake.api, TICKET, ZONE, CLOCK);

        assertThat(progress.visits()).isEmpty();
        assertThat(progress.unreadable()).isEqualTo(503);
        assertThat(page(progress)).contains("class=\"alert alert-warning py-2 progress-unreadable\" role=\"alert\"",
                "could not be read just now (the API answered 503)");
        fake.services.verify();
    }

    private void timeline() {
        answers("/api/v1/tickets/t-1/timeline", "[]");
    }

    private void answers(String path, String json) {
        fake.services.expect(requestTo(API + path)).andRespond(withSuccess(json, MediaType.APPLICATION_JSON));
    }

    private void refuses(String path, HttpStatus status) {
        fake.services.expect(requestTo(API + path)).andRespond(withStatus(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body("{\"status\":" + status.value() + "}"));
    }

    private static String page(TicketProgress progress) {
        Map<String, Object> model = new HashMap<>();
        model.put("progress", progress);
        return ConsoleTemplatesTest.renderFragment("ticket", "progress", Locale.ENGLISH, model);
    }
}
