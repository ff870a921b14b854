package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;

/**
 * A client that sends what it should not — bodies over the cap without a declared length, bodies that stall — is
 * refused at the gateway, through the running system, and no service's circuit breaker counts it against the
 * service: everyone else goes on being served.
 */
class ClientBodiesIT {

    private static final Pattern FAILED_CALLS = Pattern.compile(
            "^resilience4j_circuitbreaker_calls_seconds_count\\{([^}]*kind=\"failed\"[^}]*)}\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern STATE = Pattern.compile(
            "^resilience4j_circuitbreaker_state\\{([^}]*)}\\s+1\\.0", Pattern.MULTILINE);
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");

    private static LocalStack stack;
    private static Api api;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void connect() {
        stack = RunningSystem.stack();
        api = RunningSystem.api();
    }

    @Test
    void refusesOversizedChunkedBodiesWithoutCountingThemAgainstTheService() throws Exception {
        String abuser = DemoData.token(stack.gatewayUrl(), "customer-acme");
        byte[] oversized = ("{\"text\":\"" + "很".repeat(700_000) + "\",\"locale\":\"zh\"}").getBytes(StandardCharsets.UTF_8);
        Map<String, Double> failedBefore = failedCalls();
        List<Integer> others = new ArrayList<>();

        for (int i = 0; i < 100; i++) {
            var response = CLIENT.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/v1/courtesy/checks"))
                    .header("Authorization", "Bearer " + abuser).header("Content-Type", "application/json")
                    // a publisher without a length: the body goes out chunked
                    .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversized))).build(),
                    BodyHandlers.ofString());

            assertThat(response.statusCode()).as("oversized request %d", i).isEqualTo(413);
            assertThat(JsonPath.<String>read(response.body(), "$.code")).isEqualTo("BODY_TOO_LARGE");
            if (i % 10 == 0) {
                others.add(api.get("agent", "/api/v1/tickets?size=1").status());
            }
            // within the client's rate allowance: the refusal must come from the size, not the rate
            LockSupport.parkNanos(Duration.ofMillis(40).toNanos());
        }

        assertThat(others).containsOnly(200);
        assertThat(breakerStates()).as("every route's breaker").allSatisfy((route, state) -> assertThat(state)
                .as(route).isEqualTo("closed"));
        assertThat(failedCalls()).as("calls counted as a service failing").isEqualTo(failedBefore);
    }

    @Test
    void answersStalledBodiesWith408WithoutCountingThemAgainstTheService() throws Exception {
        String abuser = DemoData.token(stack.gatewayUrl(), "customer-acme");
        Map<String, Double> failedBefore = failedCalls();
        List<Integer> statuses = new ArrayList<>();

        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> stalled = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                stalled.add(clients.submit(() -> stall("/api/v1/courtesy/checks", abuser)));
            }
            assertThat(api.get("agent", "/api/v1/tickets?size=1").status()).isEqualTo(200);
            for (Future<Integer> answer : stalled) {
                statuses.add(answer.get());
            }
        }

        assertThat(statuses).containsOnly(408);
        assertThat(api.get("agent", "/api/v1/tickets?size=1").status()).isEqualTo(200);
        assertThat(breakerStates()).allSatisfy((route, state) -> assertThat(state).as(route).isEqualTo("closed"));
        assertThat(failedCalls()).isEqualTo(failedBefore);
    }

    /** Sends the headers and the first piece of a chunked body, then nothing; returns the status answered. */
    private static int stall(String path, String token) throws IOException {
        int port = URI.create(stack.gatewayUrl()).getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n{\"text\":\"\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] status = in.readNBytes(12);
            String line = new String(status, StandardCharsets.US_ASCII);
            return line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : 0;
        }
    }

    private static String gatewayMetrics() throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/actuator/prometheus")).build(),
                BodyHandlers.ofString()).body();
    }

    private static Map<String, String> breakerStates() throws Exception {
        Map<String, String> states = new TreeMap<>();
        Matcher sample = STATE.matcher(gatewayMetrics());
        while (sample.find()) {
            Matcher name = NAME.matcher(sample.group(1));
            Matcher state = Pattern.compile("state=\"([^\"]*)\"").matcher(sample.group(1));
            if (name.find() && state.find()) {
                states.put(name.group(1), state.group(1));
            }
        }
        // a route's breaker appears once the route is first used; intake's is the one the bad client aims at
        assertThat(states).as("the gateway's breakers in its metrics").containsKey("intake");
        return states;
    }

    private static Map<String, Double> failedCalls() throws Exception {
        Map<String, Double> failed = new TreeMap<>();
        Matcher sample = FAILED_CALLS.matcher(gatewayMetrics());
        while (sample.find()) {
            Matcher name = NAME.matcher(sample.group(1));
            if (name.find()) {
                failed.merge(name.group(1), Double.parseDouble(sample.group(2)), Double::sum);
            }
        }
        return failed;
    }
}
