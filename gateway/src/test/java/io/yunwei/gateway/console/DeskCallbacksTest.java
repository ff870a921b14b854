package io.yunwei.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.ExpectedCount.manyTimes;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.content;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.header;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.method;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withStatus;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import java.util.Locale;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.web.servlet.mvc.support.RedirectAttributesModelMap;


/** A callback's outcome goes to follow-up as the agent gave it; what follow-up refuses stays typed, with its reason. */
class DeskCallbacksTest {

    private static final String API = FakeApi.URL;

    private MockRestServiceServer services;
    private DeskController desk;

    @BeforeEach
    void consoleAgainstAFakeApi() {
        FakeApi fake = FakeApi.inAnyOrder();
        services = fake.services;
        desk = new DeskController(fake.api, fake.properties, ApiProblemsTest.messages());
    }

    @Test
    void sendsTheOutcomeWithItsIdempotencyKeyAndGoesBackToTheDesk() {
        services.expect(requestTo(API + "/api/v1/callbacks/t-5-C1/outcome")).andExpect(method(HttpMethod.POST))
                .andExpect(header("Idempotency-Key", "k-1-0"))
                .andExpect(content().json("{\"reached\":true,\"satisfaction\":4,\"resolvedConfirmed\":false,"
                        + "\"comment\":\"打印偶尔还会卡纸\"}", JsonCompareMode.STRICT))
                .andRespond(withSuccess("{\"id\":\"t-5-C1\",\"status\":\"DONE\"}", MediaType.APPLICATION_JSON));
        RedirectAttributesModelMap redirect = new RedirectAttributesModelMap();

        String view = desk.callbackOutcome("t-5-C1", "true", "4", "false", " 打印偶尔还会卡纸 ", "k-1-0",
                new ExtendedModelMap(), Locale.ENGLISH, null, redirect);

        assertThat(view).isEqualTo("redirect:/desk#callbacks");
        assertThat(redirect.getFlashAttributes().get("callbackDone")).isEqualTo(true);
        services.verify();
    }

    @Test
    void keepsWhatTheAgentTypedWithTheReasonFollowUpRefusedIt() {
        services.expect(requestTo(API + "/api/v1/callbacks/t-5-C1/outcome")).andRespond(withStatus(HttpStatus.BAD_REQUEST)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body("""
                        {"code":"VALIDATION_FAILED","errors":[{"field":"satisfaction","message":"must be less than or equal to 5"}]}"""));
        services.expect(manyTimes(), requestTo(Matchers.startsWith(API + "/api/v1/"))).andRespond(request ->
                withSuccess(request.getURI().getPath().endsWith("/callbacks") ? "[]" : "{}", MediaType.APPLICATION_JSON)
                        .createResponse(request));
        ExtendedModelMap model = new ExtendedModelMap();

        String view = desk.callbackOutcome("t-5-C1", "true", "9", null, "很满意", "k-1-0", model, Locale.ENGLISH,
                null, new RedirectAttributesModelMap());

        assertThat(view).isEqualTo("desk");
        DeskController.CallbackTyped typed = (DeskController.CallbackTyped) model.get("callbackTyped");
        assertThat(typed.id()).isEqualTo("t-5-C1");
        assertThat(typed.satisfaction()).isEqualTo("9");
        assertThat(typed.messages()).containsExactly("Not accepted: must be less than or equal to 5");
    }
}
