package io.yunwei.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.jayway.jsonpath.JsonPath;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * What one client does with its request bodies — too large, chunked so no length is declared, too slow, many at once
 * — is answered at the gateway and never counts against a service, so another user's requests keep being served. The
 * breakers are as touchy as in {@code CircuitBreakerIT} (a window of four calls) so a single miscounted call shows.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ClientBodiesIT {

    private static final int MAX_BODY = 64 * 1024;
    private static final int OVERSIZED = 1024 * 1024;

    private static final Tokens TOKENS = Tokens.withNewKey("bodies-it");
    private static final FakeService AUTH = FakeService.startWithJwks("auth", TOKENS.jwks());
    private static final FakeService INTAKE = FakeService.start("intake");
    private static final FakeService FOLLOWUP = FakeService.start("followup");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("yunwei.gateway.services.intake", INTAKE::baseUrl);
        registry.add("yunwei.gateway.services.followup", FOLLOWUP::baseUrl);
        registry.add("yunwei.gateway.services.dispatch", FakeService::unreachableUrl);
        AUTH.registerAsIssuer(registry);
        registry.add("yunwei.gateway.limits.requests-per-second", () -> "1000");
        registry.add("yunwei.gateway.limits.burst", () -> "1000");
        registry.add("yunwei.gateway.limits.max-body", () -> MAX_BODY + "B");
        registry.add("yunwei.gateway.limits.body-read-timeout", () -> "1s");
        registry.add("yunwei.gateway.limits.body-deadline", () -> "3s");
        registry.add("yunwei.gateway.limits.bodies-per-client", () -> "4");
        registry.add("yunwei.gateway.circuit-breaker.window", () -> "4");
        registry.add("yunwei.gateway.circuit-breaker.minimum-calls", () -> "4");
        registry.add("yunwei.gateway.circuit-breaker.open-for", () -> "30s");
    }

    @AfterAll
    static void stopServices() {
        AUTH.close();
        INTAKE.close();
        FOLLOWUP.close();
    }

    @BeforeEach
    void closeBreakers() {
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @Test
    void refusesOversizedChunkedBodiesAtTheCapWithoutTouchingTheServiceOrItsBreaker() throws Exception {
        String abuser = TOKENS.sign(TOKENS.agent().subject("customer-acme"));
        String other = TOKENS.sign(TOKENS.agent().subject("customer-globex"));
        int intakeRequests = INTAKE.requests();
        List<Integer> otherStatuses = new ArrayList<>();

        for (int i = 0; i < 100; i++) {
            HttpResponse<String> refused = send(chunked("/api/v1/courtesy/checks", abuser, OVERSIZED));

            assertThat(refused.statusCode()).as("oversized request %d", i).isEqualTo(413);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(JsonPath.<String>read(refused.body(), "$.code")).isEqualTo("BODY_TOO_LARGE");
            assertThat(JsonPath.<Integer>read(refused.body(), "$.maxBytes")).isEqualTo(MAX_BODY);
            otherStatuses.add(send(get("/api/v1/tickets?size=1", other)).statusCode());
        }

        assertThat(otherStatuses).containsOnly(200);
        assertThat(INTAKE.requests() - intakeRequests).as("requests that reached intake: the other user's")
                .isEqualTo(100);
        assertEveryBreakerClosedWithoutFailures();
    }

    @Test
    void forwardsAChunkedBodyWithinTheCapWholeAndWithItsLength() throws Exception {
        String token = TOKENS.sign(TOKENS.agent());

        HttpResponse<String> response = send(chunked("/api/v1/courtesy/checks", token, MAX_BODY));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(response.body(), "$.contentLength")).isEqualTo(Integer.toString(MAX_BODY));
        assertThat(JsonPath.<String>read(response.body(), "$.transferEncoding")).isEmpty();
        assertThat(JsonPath.<String>read(response.body(), "$.body")).hasSize(MAX_BODY).isEqualTo(body(MAX_BODY));
    }

    @Test
    void answersStalledBodiesWith408WithoutTouchingTheServiceOrItsBreaker() throws Exception {
        String abuser = TOKENS.sign(TOKENS.agent().subject("customer-acme"));
        String other = TOKENS.sign(TOKENS.agent().subject("customer-globex"));
        int intakeRequests = INTAKE.requests();

        List<SlowClient.Answer> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SlowClient.Answer>> stalled = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                stalled.add(clients.submit(() -> SlowClient.post(port, "/api/v1/courtesy/checks", abuser, 0,
                        Duration.ZERO)));
            }
            for (int i = 0; i < 10; i++) {
                assertThat(send(get("/api/v1/tickets?size=1", other)).statusCode()).isEqualTo(200);
            }
            for (Future<SlowClient.Answer> answer : stalled) {
                answers.add(answer.get());
            }
        }

        // four at a time are waited for, the rest are turned away at once for being one client's fifth and more; the
        // waits end after the one-second read timeout, give or take a hundred connections arriving on a busy machine
        assertThat(answers).extracting(SlowClient.Answer::status).containsOnly(408, 429);
        assertThat(answers).filteredOn(a -> a.status() == 408).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(a -> assertThat(a.text()).contains("application/problem+json", "\"code\":\"REQUEST_TIMEOUT\""))
                .allSatisfy(a -> assertThat(a.after()).as("answered after").isLessThan(Duration.ofSeconds(15)));
        assertThat(answers).filteredOn(a -> a.status() == 429)
                .allSatisfy(a -> assertThat(a.text()).contains("\"code\":\"TOO_MANY_UPLOADS\""));
        assertThat(INTAKE.requests() - intakeRequests).as("requests that reached intake: the other user's").isEqualTo(10);
        assertThat(send(get("/api/v1/tickets?size=1", other)).statusCode()).isEqualTo(200);
        assertEveryBreakerClosedWithoutFailures();
    }

    @Test
    void answersABodyTricklingPastItsDeadlineWith408() throws Exception {
        String token = TOKENS.sign(TOKENS.agent().subject("trickler"));
        int intakeRequests = INTAKE.requests();

        // a byte every 300 ms never trips the one-second wait for the next part, only the three-second deadline
        SlowClient.Answer answer = SlowClient.post(port, "/api/v1/courtesy/checks", token, 1000,
                Duration.ofMillis(300));

        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.text()).contains("\"code\":\"REQUEST_TIMEOUT\"");
        assertThat(answer.after()).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(10));
        assertThat(INTAKE.requests()).isEqualTo(intakeRequests);
        assertEveryBreakerClosedWithoutFailures();
    }

    @Test
    void leavesTheBreakerClosedWhenTheServiceRefusesRequests() throws Exception {
        String token = TOKENS.sign(TOKENS.agent());

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> refused = send(get("/api/v1/knowledge/articles?answer=" + (400 + i % 30), token));
            assertThat(refused.statusCode()).isBetween(400, 429);
        }

        assertEveryBreakerClosedWithoutFailures();
    }

    @Test
    void opensTheBreakerWhenTheServiceAnswersWithServerErrorsAndPassesTheirProblemsOn() throws Exception {
        String token = TOKENS.sign(TOKENS.agent());

        for (int i = 0; i < 4; i++) {
            HttpResponse<String> failed = send(get("/api/v1/knowledge/articles?answer=500", token));
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(JsonPath.<String>read(failed.body(), "$.code")).isEqualTo("FROM_SERVICE");
        }
        HttpResponse<String> resting = send(get("/api/v1/knowledge/articles", token));

        assertThat(breakers.circuitBreaker("followup").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(resting.statusCode()).isEqualTo(503);
        assertThat(JsonPath.<String>read(resting.body(), "$.circuitBreaker")).isEqualTo("followup");
    }

    @Test
    void opensTheBreakerWhenTheServiceIsDown() throws Exception {
        String token = TOKENS.sign(TOKENS.agent());

        for (int i = 0; i < 4; i++) {
            assertThat(send(chunked("/api/v1/dispatches", token, 100)).statusCode()).isEqualTo(503);
        }
        HttpResponse<String> resting = send(get("/api/v1/dispatches/d-1", token));

        assertThat(breakers.circuitBreaker("dispatch").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(resting.statusCode()).isEqualTo(503);
        assertThat(JsonPath.<String>read(resting.body(), "$.code")).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(JsonPath.<String>read(resting.body(), "$.circuitBreaker")).isEqualTo("dispatch");
    }

    @Test
    void passesAFormThroughWhole() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        "grant_type=client_credentials&scope=a%20b".getBytes(StandardCharsets.UTF_8))))
                .build();

        HttpResponse<String> response = CLIENT.send(request, BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(response.body(), "$.body")).isEqualTo("grant_type=client_credentials&scope=a+b");
    }

    private void assertEveryBreakerClosedWithoutFailures() {
        assertThat(breakers.getAllCircuitBreakers()).isNotEmpty().allSatisfy(breaker -> {
            assertThat(breaker.getState()).as("state of %s", breaker.getName()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(breaker.getMetrics().getNumberOfFailedCalls()).as("failures of %s", breaker.getName()).isZero();
        });
    }

    private HttpRequest.Builder chunked(String path, String token, int size) {
        // a body publisher without a length: the JDK client frames it as chunked
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        body(size).getBytes(StandardCharsets.UTF_8))));
    }

    private static String body(int size) {
        String head = "{\"text\":\"";
        return head + "a".repeat(size - head.length() - 2) + "\"}";
    }

    private HttpRequest.Builder get(String path, String token) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(), BodyHandlers.ofString());
    }

}
