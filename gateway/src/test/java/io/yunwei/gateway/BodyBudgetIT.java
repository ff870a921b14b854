package io.yunwei.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
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
 * The gateway's memory for bodies in flight is one budget for all clients, here 160 KB: room for two 64 KB chunks, the
 * last 40 KB kept for bodies' first chunks. A body that does not fit is turned away by the gateway itself, and the
 * room comes back when a body is answered.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BodyBudgetIT {

    private static final Tokens TOKENS = Tokens.withNewKey("budget-it");
    private static final FakeService AUTH = FakeService.startWithJwks("auth", TOKENS.jwks());
    private static final FakeService INTAKE = FakeService.start("intake");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("yunwei.gateway.services.intake", INTAKE::baseUrl);
        AUTH.registerAsIssuer(registry);
        registry.add("yunwei.gateway.limits.body-buffers", () -> "160KB");
        registry.add("yunwei.gateway.limits.body-read-timeout", () -> "2s");
    }

    @AfterAll
    static void stopServices() {
        AUTH.close();
        INTAKE.close();
    }

    @Test
    void turnsAwayABodyThatDoesNotFitTheBudgetAndServesAgainOnceTheRoomIsBack() throws Exception {
        List<SlowClient.Answer> answers;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SlowClient.Answer>> stalled = new ArrayList<>();
            for (String client : List.of("first", "second", "third")) {
                stalled.add(clients.submit(() -> SlowClient.post(port, "/api/v1/courtesy/checks",
                        TOKENS.sign(TOKENS.agent().subject(client)), 0, Duration.ZERO)));
            }
            answers = new ArrayList<>();
            for (Future<SlowClient.Answer> answer : stalled) {
                answers.add(answer.get());
            }
        }

        assertThat(answers).extracting(SlowClient.Answer::status).containsExactlyInAnyOrder(408, 408, 503);
        assertThat(answers).filteredOn(a -> a.status() == 503).singleElement()
                .satisfies(a -> assertThat(a.text()).contains("\"code\":\"GATEWAY_BUSY\"", "Retry-After: 1"));
        assertThat(send(body("{\"text\":\"您好\"}")).statusCode()).isEqualTo(200);
        assertThat(breakers.getAllCircuitBreakers()).allSatisfy(
                breaker -> assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED));
    }

    @Test
    void keepsTheLastQuarterOfTheBudgetForTheFirstChunkOfBodies() throws Exception {
        // alone at the gateway, a 100 KB body's second chunk would fit the 96 KB left, but not above the 40 KB kept
        HttpResponse<String> large = send(body("{\"text\":\"" + "a".repeat(100 * 1024) + "\"}"));

        assertThat(large.statusCode()).isEqualTo(503);
        assertThat(JsonPath.<String>read(large.body(), "$.code")).isEqualTo("GATEWAY_BUSY");
        assertThat(send(body("{\"text\":\"您好\"}")).statusCode()).isEqualTo(200);
    }

    private HttpRequest body(String json) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/courtesy/checks"))
                .header("Authorization", "Bearer " + TOKENS.sign(TOKENS.agent().subject("poster")))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return CLIENT.send(request, BodyHandlers.ofString());
    }
}
