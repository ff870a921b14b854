package io.yunwei.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import com.jayway.jsonpath.JsonPath;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Services of several instances, each a real HTTP server or a port where nothing listens: intake has two live
 * instances, dispatch and followup one live and one down, field two down, and the authorization server's route two
 * live instances one test stops (the gateway's token keys come from a server of their own). Each test uses a service
 * of its own, so which instances are passed over does not depend on the order the tests run in.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ServiceInstancesIT {

    private static final Tokens TOKENS = Tokens.withNewKey("instances-it");
    private static final FakeService JWKS = FakeService.startWithJwks("jwks", TOKENS.jwks());
    private static final FakeService AUTH_1 = FakeService.start("auth-1");
    private static final FakeService AUTH_2 = FakeService.start("auth-2");
    private static final FakeService INTAKE_1 = FakeService.start("intake-1");
    private static final FakeService INTAKE_2 = FakeService.start("intake-2");
    private static final FakeService DISPATCH = FakeService.start("dispatch");
    private static final FakeService FOLLOWUP = FakeService.start("followup");
    // fixed once: a supplier asked twice must not name two different closed ports
    private static final String DISPATCH_URLS = FakeService.unreachableUrl() + "," + DISPATCH.baseUrl();
    private static final String FOLLOWUP_URLS = FakeService.unreachableUrl() + "," + FOLLOWUP.baseUrl();
    private static final String FIELD_URLS = FakeService.unreachableUrl() + "," + FakeService.unreachableUrl();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    MeterRegistry meters;

    @Autowired
    RestClient.Builder serviceClients;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("yunwei.gateway.services.intake", () -> INTAKE_1.baseUrl() + "," + INTAKE_2.baseUrl());
        registry.add("yunwei.gateway.services.dispatch", () -> DISPATCH_URLS);
        registry.add("yunwei.gateway.services.followup", () -> FOLLOWUP_URLS);
        registry.add("yunwei.gateway.services.field", () -> FIELD_URLS);
        registry.add("yunwei.security.jwk-set-uri", () -> JWKS.baseUrl() + "/oauth2/jwks");
        registry.add("yunwei.gateway.services.auth", () -> AUTH_1.baseUrl() + "," + AUTH_2.baseUrl());
        // a window longer than any test's calls, so that the breakers count every call they saw
        registry.add("yunwei.gateway.circuit-breaker.window", () -> "50");
        registry.add("yunwei.gateway.circuit-breaker.minimum-calls", () -> "50");
        registry.add("yunwei.gateway.circuit-breaker.open-for", () -> "30s");
        registry.add("yunwei.gateway.limits.requests-per-second", () -> "1000");
        registry.add("yunwei.gateway.limits.burst", () -> "1000");
    }

    @AfterAll
    static void stopServices() {
        JWKS.close();
        AUTH_1.close();
        AUTH_2.close();
        INTAKE_1.close();
        INTAKE_2.close();
        DISPATCH.close();
        FOLLOWUP.close();
    }

    @BeforeEach
    void closeBreakers() {
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @Test
    void spreadsTheCallsOverTheInstancesInTurn() throws Exception {
        int first = INTAKE_1.requests();
        int second = INTAKE_2.requests();
        List<String> servedBy = new ArrayList<>();

        for (int i = 0; i < 10; i++) {
            servedBy.add(seen(send(get("/api/v1/tickets/t-1")), "service"));
        }

        assertThat(INTAKE_1.requests() - first).isEqualTo(5);
        assertThat(INTAKE_2.requests() - second).isEqualTo(5);
        for (int i = 1; i < servedBy.size(); i++) {
            assertThat(servedBy.get(i)).as("call %d", i).isNotEqualTo(servedBy.get(i - 1));
        }
        assertThat(failovers("intake")).isZero();
    }

    @Test
    void passesThePathAndQueryOnAsReceived() throws Exception {
        String path = "/api/v1/tickets/t%201/%E5%8D%A1";
        String query = "q=%E6%89%93%E5%8D%B0%20x&tag=a%26b&empty=";

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = send(get(path + "?" + query));

            assertThat(seen(response, "path")).isEqualTo(path);
            assertThat(seen(response, "query")).isEqualTo(query);
        }
    }

    @Test
    void sendsTheRoutesRewrittenPathToTheInstance() throws Exception {
        HttpResponse<String> response = send(anonymousGet("/docs/intake"));

        assertThat(seen(response, "service")).startsWith("intake-");
        assertThat(seen(response, "path")).isEqualTo("/v3/api-docs");
    }

    @Test
    void servesEveryCallWhileOneOfTwoInstancesIsDownWithoutTheBreakerCountingIt() throws Exception {
        double failoversBefore = failovers("dispatch");

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = send(get("/api/v1/dispatches/d-" + i));

            assertThat(response.statusCode()).as("call %d", i).isEqualTo(200);
            assertThat(seen(response, "service")).isEqualTo("dispatch");
        }

        // the first call that drew the closed instance went on to the live one; later calls passed it over
        assertThat(failovers("dispatch") - failoversBefore).isEqualTo(1);
        // the balancer runs inside the breaker, which saw ten calls, all successful: not the refused attempt
        CircuitBreaker.Metrics breaker = breakers.circuitBreaker("dispatch").getMetrics();
        assertThat(breaker.getNumberOfFailedCalls()).isZero();
        assertThat(breaker.getNumberOfSuccessfulCalls()).isEqualTo(10);
        assertThat(breakers.circuitBreaker("dispatch").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(send(get("/actuator/prometheus")).body()).containsPattern(
                "gateway_instance_failovers_total\\{[^}]*service=\"dispatch\"[^}]*} [1-9]");
    }

    @Test
    void sendsTheWholeBodyToTheNextInstanceWhenTheFirstRefusesTheConnection() throws Exception {
        double failoversBefore = failovers("followup");
        // several of the gateway's 64 KB body chunks, and more than a socket buffer holds
        String body = "{\"notes\":\"" + "回访记录 callback notes ".repeat(12_000) + "\"}";
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = send(post("/api/v1/callbacks", body));

            assertThat(response.statusCode()).as("call %d", i).isEqualTo(200);
            assertThat(seen(response, "method")).isEqualTo("POST");
            assertThat(seen(response, "contentLength")).isEqualTo(Integer.toString(bytes));
            assertThat(seen(response, "body")).isEqualTo(body);
        }

        // one of the two calls drew the closed instance first, whichever that was
        assertThat(failovers("followup") - failoversBefore).isEqualTo(1);
        assertThat(breakers.circuitBreaker("followup").getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(breakers.circuitBreaker("followup").getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(2);
    }

    /**
     * Why the retry is safe for a body: the client the gateway calls services with writes it only once connected, so
     * a connection that fails has read nothing of it.
     */
    @Test
    void theServiceClientReadsNoBodyForAConnectionItCouldNotEstablish() {
        AtomicBoolean bodyRead = new AtomicBoolean();
        RestClient client = serviceClients.build();

        assertThatThrownBy(() -> client.post().uri(FakeService.unreachableUrl() + "/api/v1/callbacks")
                .contentType(MediaType.APPLICATION_JSON).body(out -> {
                    bodyRead.set(true);
                    out.write("{}".getBytes(StandardCharsets.UTF_8));
                }).retrieve().toBodilessEntity()).isInstanceOf(ResourceAccessException.class)
                .hasRootCauseInstanceOf(java.net.ConnectException.class);
        assertThat(bodyRead).isFalse();

        // the same call to a live instance does read it: the check above can tell
        client.post().uri(FOLLOWUP.baseUrl() + "/api/v1/callbacks").contentType(MediaType.APPLICATION_JSON)
                .body(out -> {
                    bodyRead.set(true);
                    out.write("{}".getBytes(StandardCharsets.UTF_8));
                }).retrieve().toBodilessEntity();
        assertThat(bodyRead).isTrue();
    }

    @Test
    void answersTheUsualServiceUnavailableProblemWhenEveryInstanceIsDown() throws Exception {
        double failoversBefore = failovers("field");

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = send(get("/api/v1/visits/v-1"));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(JsonPath.<String>read(response.body(), "$.code")).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(JsonPath.<String>read(response.body(), "$.service")).isEqualTo("field");
            assertThat(JsonPath.<String>read(response.body(), "$.detail"))
                    .isEqualTo("The field service cannot be reached right now; please try again shortly.");
        }

        // each call tried both instances, the second although both were being passed over, and counts once
        assertThat(failovers("field") - failoversBefore).isEqualTo(2);
        assertThat(breakers.circuitBreaker("field").getMetrics().getNumberOfFailedCalls()).isEqualTo(2);
    }

    @Test
    void passesOverAKilledInstanceAfterTheOneCallItsBrokenConnectionDropped() throws Exception {
        // kept-alive connections to both instances, several each, as under load
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 5; round++) {
                List<Future<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    calls.add(clients.submit(() -> send(anonymousGet("/oauth2/authorize"))));
                }
                for (Future<HttpResponse<String>> call : calls) {
                    assertThat(call.get().statusCode()).isEqualTo(200);
                }
            }
        }
        breakers.circuitBreaker("auth").reset();

        // as kill -9 does, every connection to the instance breaks at once and nothing listens on its port any more
        AUTH_1.close();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(send(anonymousGet("/oauth2/authorize")).statusCode());
        }

        // the first call sent on a broken connection fails (it went out: not repeated), and its instance is passed
        // over: the other broken connections are not tried, so the breaker sees one failure, not one per connection
        assertThat(statuses).filteredOn(status -> status != 200).hasSizeLessThanOrEqualTo(1).containsOnly(503);
        assertThat(statuses.subList(2, statuses.size())).containsOnly(200);
        assertThat(breakers.circuitBreaker("auth").getMetrics().getNumberOfFailedCalls()).isLessThanOrEqualTo(1);
        assertThat(breakers.circuitBreaker("auth").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private double failovers(String service) {
        return meters.get("gateway.instance.failovers").tag("service", service).counter().count();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKENS.sign(TOKENS.agent())).GET();
    }

    private HttpRequest.Builder anonymousGet(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKENS.sign(TOKENS.agent()))
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(json));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.build(), BodyHandlers.ofString());
    }

    private static String seen(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as("status of %s", response.uri()).isEqualTo(200);
        return JsonPath.read(response.body(), "$." + field);
    }
}
