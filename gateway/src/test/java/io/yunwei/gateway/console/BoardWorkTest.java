package io.yunwei.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.ExpectedCount.manyTimes;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withStatus;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import java.util.List;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.ui.ExtendedModelMap;

import tools.jackson.databind.JsonNode;

/** The board's dispatches and escalations, renewed every few seconds, never swapped for an empty panel. */
class BoardWorkTest {

    private static final String API = FakeApi.URL;

    private MockRestServiceServer services;
    private BoardController board;

    @BeforeEach
    void consoleAgainstAFakeApi() {
        FakeApi fake = FakeApi.inAnyOrder();
        services = fake.services;
        board = new BoardController(fake.api, ApiProblemsTest.messages(), fake.properties);
    }

    @Test
    void theRenewedPanelHoldsTheDispatchesAsTheyNowAreAndTheEscalationsWaiting() {
        services.expect(requestTo(API + "/api/v1/dispatches?status=ASSIGNED&size=200")).andRespond(withSuccess("""
                [{"id":"t-1-D2","ticketId":"t-1","engineerId":"eng-li","status":"ASSIGNED"}]""", MediaType.APPLICATION_JSON));
        services.expect(manyTimes(), requestTo(Matchers.matchesPattern(".*/dispatches\\?status=(ACCEPTED|SCHEDULED).*")))
                .andRespond(withSuccess("[]", MediaType.APPLICATION_JSON));
        services.expect(requestTo(API + "/api/v1/escalations?size=50")).andRespond(withSuccess("""
                {"content":[{"ticketId":"t-9","reason":"NO_ELIGIBLE_ENGINEER","failures":2}]}""", MediaType.APPLICATION_JSON));
        ExtendedModelMap model = new ExtendedModelMap();
        MockHttpServletResponse response = new MockHttpServletResponse();

        String view = board.work(model, response);

        assertThat(view).isEqualTo("board :: work");
        assertThat(response.getHeader("HX-Reswap")).isNull();
        assertThat((List<?>) model.get("dispatches")).extracting(d -> ((JsonNode) d).path("id").asString())
                .containsExactly("t-1-D2");
        assertThat((List<?>) model.get("escalations")).hasSize(1);
    }

    @Test
    void whenDispatchDoesNotAnswerThePanelStaysAsLastReadAndOnlyItsNoteChanges() {
        services.expect(manyTimes(), requestTo(Matchers.startsWith(API + "/api/v1/dispatches")))
                .andRespond(withStatus(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body("{\"code\":\"SERVICE_UNAVAILABLE\"}"));
        services.expect(requestTo(API + "/api/v1/escalations?size=50"))
                .andRespond(withSuccess("{\"content\":[]}", MediaType.APPLICATION_JSON));
        ExtendedModelMap model = new ExtendedModelMap();
        MockHttpServletResponse response = new MockHttpServletResponse();

        String view = board.work(model, response);

        assertThat(view).isEqualTo("board :: workState");
        assertThat(response.getHeader("HX-Reswap")).isEqualTo("none");
        assertThat(model.get("stateOutOfBand")).isEqualTo(true);
    }
}
