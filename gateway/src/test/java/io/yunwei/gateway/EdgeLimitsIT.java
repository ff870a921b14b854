package io.yunwei.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.jayway.jsonpath.JsonPath;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EdgeLimitsIT {

    private static final Tokens TOKENS = Tokens.withNewKey("limits-it");
    private static final FakeService AUTH = FakeService.startWithJwks("auth", TOKENS.jwks());
    private static final FakeService INTAKE = FakeService.start("intake");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void limits(DynamicPropertyRegistry registry) {
        registry.add("yunwei.gateway.services.intake", INTAKE::baseUrl);
        AUTH.registerAsIssuer(registry);
        registry.add("yunwei.gateway.limits.requests-per-second", () -> "1");
        registry.add("yunwei.gateway.limits.burst", () -> "10");
        registry.add("yunwei.gateway.limits.max-body", () -> "1KB");
        registry.add("yunwei.gateway.limits.cors-allowed-origins", () -> "https://portal.example");
    }

    @AfterAll
    static void stopServices() {
        AUTH.close();
        INTAKE.close();
    }

    @Test
    void slowsDownAClientThatBurstsOverItsAllowance() throws Exception {
        String token = TOKENS.sign(TOKENS.agent().subject("bursting-client"));
        String otherToken = TOKENS.sign(TOKENS.agent().subject("calm-client"));
        List<HttpResponse<String>> responses = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            responses.add(send(request("/api/v1/tickets/t-1").header("Authorization", "Bearer " + token).GET()));
        }
        // the burst of 10, plus one token a second refilled while the requests were under way on a busy machine
        long refilled = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 1;

        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSizeBetween(10, (int) (10 + refilled));
        HttpResponse<String> limited = responses.getLast();
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat((String) JsonPath.read(limited.body(), "$.code")).isEqualTo("RATE_LIMITED");
        assertThat(send(request("/api/v1/tickets/t-1").header("Authorization", "Bearer " + otherToken).GET()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void refusesAnOversizedBodyBeforeReadingIt() throws Exception {
        String big = "{\"what\":{\"symptom\":\"" + "卡".repeat(2000) + "\"}}";

        HttpResponse<String> response = send(request("/api/v1/tickets")
                .header("Authorization", "Bearer " + TOKENS.sign(TOKENS.agent().subject("big-body")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(big)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat((String) JsonPath.read(response.body(), "$.code")).isEqualTo("BODY_TOO_LARGE");
        assertThat((Integer) JsonPath.read(response.body(), "$.maxBytes")).isEqualTo(1024);
    }

    @Test
    void letsOnlyConfiguredBrowserOriginsCall() throws Exception {
        HttpResponse<String> allowed = send(preflight("https://portal.example"));
        HttpResponse<String> refused = send(preflight("https://evil.example"));

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://portal.example");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .containsIgnoringCase("authorization").containsIgnoringCase("idempotency-key");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private HttpRequest.Builder preflight(String origin) {
        return request("/api/v1/tickets").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
