package io.yunwei.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

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
 * Each route's circuit breaker in front of a real HTTP server that can be made to fail: small thresholds (a window of
 * four calls, open for two seconds, two trial calls) so the whole cycle runs in a few seconds.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class CircuitBreakerIT {

    private static final Tokens TOKENS = Tokens.withNewKey("breaker-it");
    private static final FakeService AUTH = FakeService.startWithJwks("auth", TOKENS.jwks());
    private static final FlakyService INTAKE = new FlakyService();
    private static final FakeService DISPATCH = FakeService.start("dispatch");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("yunwei.gateway.services.intake", INTAKE::baseUrl);
        registry.add("yunwei.gateway.services.dispatch", DISPATCH::baseUrl);
        AUTH.registerAsIssuer(registry);
        registry.add("yunwei.gateway.circuit-breaker.window", () -> "4");
        registry.add("yunwei.gateway.circuit-breaker.minimum-calls", () -> "4");
        registry.add("yunwei.gateway.circuit-breaker.open-for", () -> "2s");
        registry.add("yunwei.gateway.circuit-breaker.trial-calls", () -> "2");
    }

    @AfterAll
    static void stopServices() {
        AUTH.close();
        INTAKE.close();
        DISPATCH.close();
    }

    @BeforeEach
    void closeBreakers() {
        INTAKE.failing(false);
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @Test
    void opensAfterRepeatedFailuresAndThenAnswersWithoutCallingTheService() throws Exception {
        openIntakeBreaker();
        int callsBefore = INTAKE.calls();

        long started = System.nanoTime();
        HttpResponse<String> response = send("/api/v1/tickets/t-1");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(INTAKE.calls()).isEqualTo(callsBefore);
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(JsonPath.<String>read(response.body(), "$.code")).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(JsonPath.<String>read(response.body(), "$.service")).isEqualTo("intake");
        assertThat(JsonPath.<String>read(response.body(), "$.circuitBreaker")).isEqualTo("intake");
    }

    @Test
    void answersEachFailedCallWithTheRoutesProblemWhileStillClosed() throws Exception {
        INTAKE.failing(true);

        HttpResponse<String> response = send("/api/v1/tickets/t-1");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(JsonPath.<String>read(response.body(), "$.service")).isEqualTo("intake");
        assertThat(breakers.circuitBreaker("intake").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void keepsOtherRoutesServedWhileOneBreakerIsOpen() throws Exception {
        openIntakeBreaker();

        HttpResponse<String> response = send("/api/v1/dispatches/d-1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(response.body(), "$.service")).isEqualTo("dispatch");
    }

    @Test
    void closesAgainOnceTrialCallsSucceedAfterTheOpenPeriod() throws Exception {
        openIntakeBreaker();
        INTAKE.failing(false);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> send("/api/v1/tickets/t-1").statusCode() == 200);
        assertThat(send("/api/v1/tickets/t-1").statusCode()).isEqualTo(200);

        assertThat(breakers.circuitBreaker("intake").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void reopensWhenATrialCallFails() throws Exception {
        openIntakeBreaker();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    int before = INTAKE.calls();
                    send("/api/v1/tickets/t-1");
                    return INTAKE.calls() > before;
                });
        send("/api/v1/tickets/t-1");

        assertThat(breakers.circuitBreaker("intake").getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void publishesEachBreakersStateAsMetrics() throws Exception {
        openIntakeBreaker();
        send("/api/v1/dispatches/d-1");

        String metrics = send("/actuator/prometheus").body();

        assertThat(metrics).containsPattern(
                "resilience4j_circuitbreaker_state\\{[^}]*name=\"intake\"[^}]*state=\"open\"[^}]*} 1\\.0");
        assertThat(metrics).containsPattern(
                "resilience4j_circuitbreaker_state\\{[^}]*name=\"dispatch\"[^}]*state=\"closed\"[^}]*} 1\\.0");
        assertThat(metrics).contains("resilience4j_circuitbreaker_not_permitted_calls_total");
        // the bad-input sweep reads this count to find calls counted as a service failing
        assertThat(metrics).containsPattern(
                "resilience4j_circuitbreaker_calls_seconds_count\\{[^}]*kind=\"failed\"[^}]*name=\"intake\"[^}]*} [1-9]");
    }

    private void openIntakeBreaker() throws Exception {
        INTAKE.failing(true);
        for (int i = 0; i < 4; i++) {
            assertThat(send("/api/v1/tickets/t-1").statusCode()).isEqualTo(503);
        }
        assertThat(breakers.circuitBreaker("intake").getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    private HttpResponse<String> send(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKENS.sign(TOKENS.agent())).GET().build();
        return CLIENT.send(request, BodyHandlers.ofString());
    }
}
