package io.yunwei.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.jayway.jsonpath.JsonPath;

/**
 * The gateway in front of real HTTP servers standing in for the services and the authorization server's JWKS; the
 * field service is deliberately down and the dispatch service hangs on one path.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class GatewayIT {

    private static final Tokens TOKENS = Tokens.withNewKey("gateway-it");
    private static final FakeService AUTH = FakeService.startWithJwks("auth", TOKENS.jwks());
    private static final FakeService INTAKE = FakeService.start("intake");
    private static final FakeService DISPATCH = FakeService.start("dispatch");
    private static final FakeService FOLLOWUP = FakeService.start("followup");
    private static final SpanCollector COLLECTOR = SpanCollector.start();

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("yunwei.gateway.services.intake", INTAKE::baseUrl);
        registry.add("yunwei.gateway.services.dispatch", DISPATCH::baseUrl);
        registry.add("yunwei.gateway.services.field", FakeService::unreachableUrl);
        registry.add("yunwei.gateway.services.followup", FOLLOWUP::baseUrl);
        AUTH.registerAsIssuer(registry);
        registry.add("yunwei.gateway.read-timeout", () -> "500ms");
        registry.add("management.opentelemetry.tracing.export.otlp.endpoint", COLLECTOR::endpoint);
    }

    @AfterAll
    static void stopServices() {
        AUTH.close();
        INTAKE.close();
        DISPATCH.close();
        FOLLOWUP.close();
        COLLECTOR.close();
    }

    @Test
    void refusesRequestWithoutTokenAsProblem() throws Exception {
        HttpResponse<String> response = send(get("/api/v1/tickets/t-1"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(code(response)).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void forwardsTokenPathAndQueryToTheService() throws Exception {
        String token = TOKENS.sign(TOKENS.agent());
        String query = "status=OPEN&customerId=acme&q=%E6%89%93%E5%8D%B0%E6%9C%BA";

        HttpResponse<String> response = send(get("/api/v1/tickets/t-1/timeline?" + query, token));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(seen(response, "service")).isEqualTo("intake");
        assertThat(seen(response, "path")).isEqualTo("/api/v1/tickets/t-1/timeline");
        assertThat(seen(response, "query")).isEqualTo(query);
        assertThat(seen(response, "authorization")).isEqualTo("Bearer " + token);
    }

    @Test
    void exportsItsSpansOfASampledTraceToTheCollector() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpRequest request = get("/api/v1/tickets/t-1", TOKENS.sign(TOKENS.agent()))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").build();

        assertThat(CLIENT.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> COLLECTOR.received(traceId));
    }

    @Test
    void givesTheRequestAnIdAndForwardsIt() throws Exception {
        HttpResponse<String> response = send(get("/api/v1/tickets/t-1", TOKENS.sign(TOKENS.agent())));

        assertThat(response.headers().allValues("X-Request-Id")).singleElement()
                .satisfies(id -> assertThat(id).matches("[0-9a-f-]{36}"))
                .isEqualTo(seen(response, "requestId"));
    }

    @Test
    void keepsTheCallersRequestId() throws Exception {
        HttpRequest request = get("/api/v1/tickets/t-1", TOKENS.sign(TOKENS.agent())).header("X-Request-Id",
                "crm-4711.retry:2").build();

        HttpResponse<String> response = CLIENT.send(request, BodyHandlers.ofString());

        assertThat(response.headers().allValues("X-Request-Id")).containsExactly("crm-4711.retry:2");
        assertThat(seen(response, "requestId")).isEqualTo("crm-4711.retry:2");
    }

    @Test
    void replacesAMalformedRequestId() throws Exception {
        HttpRequest request = get("/api/v1/tickets/t-1", TOKENS.sign(TOKENS.agent())).header("X-Request-Id",
                "<script>alert(1)</script>").build();

        HttpResponse<String> response = CLIENT.send(request, BodyHandlers.ofString());

        assertThat(seen(response, "requestId")).matches("[0-9a-f-]{36}")
                .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void continuesTheCallersTraceToTheService() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpRequest request = get("/api/v1/tickets/t-1", TOKENS.sign(TOKENS.agent()))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").build();

        HttpResponse<String> response = CLIENT.send(request, BodyHandlers.ofString());

        String forwarded = seen(response, "traceparent");
        assertThat(forwarded).matches("00-" + traceId + "-[0-9a-f]{16}-01")
                .doesNotContain("00f067aa0ba902b7");
        assertThat(response.headers().firstValue("X-Trace-Id")).hasValue(traceId);
    }

    @Test
    void startsATraceWhenTheCallerSentNoneAndTellsTheCallerItsId() throws Exception {
        HttpResponse<String> response = send(get("/api/v1/tickets/t-1", TOKENS.sign(TOKENS.agent())));

        String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
        assertThat(traceId).matches("[0-9a-f]{32}");
        // recorded or not (one trace in ten is, by default), the trace travels on to the service
        assertThat(seen(response, "traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-0[01]");
    }

    @Test
    void givesRefusalsARequestIdToo() throws Exception {
        HttpResponse<String> response = send(get("/api/v1/tickets/t-1"));

        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void refusesTokenForAnotherAudience() throws Exception {
        String token = TOKENS.sign(TOKENS.agent().audience("some-other-api"));

        HttpResponse<String> response = send(get("/api/v1/tickets/t-1", token));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(code(response)).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void refusesTokenFromAnotherIssuer() throws Exception {
        String token = TOKENS.sign(TOKENS.agent().issuer("http://evil.example"));

        HttpResponse<String> response = send(get("/api/v1/tickets/t-1", token));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(code(response)).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void refusesExpiredToken() throws Exception {
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        String token = TOKENS.sign(TOKENS.agent().issueTime(Date.from(twoHoursAgo))
                .expirationTime(Date.from(twoHoursAgo.plus(Duration.ofHours(1)))));

        HttpResponse<String> response = send(get("/api/v1/tickets/t-1", token));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void refusesTokenSignedWithAnotherKeyUnderTheSameKeyId() throws Exception {
        String forged = Tokens.withNewKey("gateway-it").sign(TOKENS.agent());

        HttpResponse<String> response = send(get("/api/v1/tickets/t-1", forged));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @CsvSource({
            "/api/v1/customers/acme, intake",
            "/api/v1/assets/a-1, intake",
            "/api/v1/calls, intake",
            "/api/v1/tickets, intake",
            "/api/v1/courtesy/checks, intake",
            "/api/v1/engineers/eng-wang, dispatch",
            "/api/v1/dispatches, dispatch",
            "/api/v1/escalations, dispatch",
            "/api/v1/callbacks, followup",
            "/api/v1/revisits/r-1/outcome, followup",
            "/api/v1/reports/t-1, followup",
            "/api/v1/knowledge/articles, followup" })
    void routesEachPublicPathToItsService(String path, String service) throws Exception {
        HttpResponse<String> response = send(get(path, TOKENS.sign(TOKENS.agent())));

        assertThat(seen(response, "service")).isEqualTo(service);
    }

    @Test
    void passesTokenRequestsToTheAuthorizationServerWithoutBearerToken() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/oauth2/token"))
                .header("Authorization", "Basic YWdlbnQ6YWdlbnQtc2VjcmV0")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("grant_type=client_credentials"))
                .build();

        HttpResponse<String> response = CLIENT.send(request, BodyHandlers.ofString());

        assertThat(seen(response, "service")).isEqualTo("auth");
        assertThat(seen(response, "authorization")).isEqualTo("Basic YWdlbnQ6YWdlbnQtc2VjcmV0");
        assertThat(seen(response, "body")).isEqualTo("grant_type=client_credentials");
    }

    @Test
    void answersServiceUnavailableProblemWhenServiceIsDown() throws Exception {
        HttpResponse<String> response = send(get("/api/v1/visits/v-1", TOKENS.sign(TOKENS.agent())));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(code(response)).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(JsonPath.<String>read(response.body(), "$.service")).isEqualTo("field");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void answersGatewayTimeoutProblemWhenServiceIsTooSlow() throws Exception {
        HttpResponse<String> response = send(get(FakeService.SLOW_PATH, TOKENS.sign(TOKENS.agent())));

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(code(response)).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(JsonPath.<String>read(response.body(), "$.service")).isEqualTo("dispatch");
    }

    @Test
    void answersServiceUnavailableProblemWhenTokenKeysCannotBeFetched() throws Exception {
        // an unknown key id makes the gateway go back to the JWKS, which is down
        String token = Tokens.withNewKey("rotated-key").sign(TOKENS.agent());

        AUTH.withJwksUnavailable(() -> {
            HttpResponse<String> response = send(get("/api/v1/tickets/t-1", token));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(code(response)).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(JsonPath.<String>read(response.body(), "$.service")).isEqualTo("auth");
        });
    }

    @Test
    void answersNotFoundProblemForPathNoRouteServes() throws Exception {
        HttpResponse<String> response = send(get("/api/v1/nothing-here", TOKENS.sign(TOKENS.agent())));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(code(response)).isEqualTo("NOT_FOUND");
    }

    @Test
    void servesTheEventCatalogueAsAsyncApiWithoutAToken() throws Exception {
        HttpResponse<String> response = send(get("/docs/events"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(JsonPath.<String>read(response.body(), "$.asyncapi")).isEqualTo("3.0.0");
        assertThat(JsonPath.<java.util.Map<String, Object>>read(response.body(), "$.channels['field.events'].messages"))
                .containsKey("visit.completed.v1");
    }

    @Test
    void servesAReadablePageOfTheEventCatalogue() throws Exception {
        HttpResponse<String> response = send(get("/docs/events.html"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("<code>intake.events</code>", "<code>ticket.opened.v1</code>",
                "<code>ce_subject</code>", "Outcome: RESOLVED | REVISIT_NEEDED | UNRESOLVED");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/info",
            "/actuator/prometheus" })
    void leavesProbesAndMetricsOpen(String path) throws Exception {
        assertThat(send(get(path)).statusCode()).isEqualTo(200);
    }

    @Test
    void keepsOtherActuatorEndpointsUnexposed() throws Exception {
        HttpResponse<String> response = send(get("/actuator/env", TOKENS.sign(TOKENS.agent())));

        assertThat(response.statusCode()).isEqualTo(404);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private HttpRequest.Builder get(String path, String token) {
        return get(path).header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.build(), BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> response) {
        return JsonPath.read(response.body(), "$.code");
    }

    private static String seen(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as("status of %s", response.uri()).isEqualTo(200);
        return JsonPath.read(response.body(), "$." + field);
    }

}
