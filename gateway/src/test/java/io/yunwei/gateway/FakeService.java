package io.yunwei.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.springframework.test.context.DynamicPropertyRegistry;

import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server standing in for one Yunwei service: it answers every request with a JSON description of what
 * reached it, serves the test's JWKS when asked, hangs on {@value #SLOW_PATH} until closed, and answers a request
 * with {@code ?answer=NNN} with that status and a problem document. It counts the requests that reach it.
 */
final class FakeService implements AutoCloseable {

    static final String SLOW_PATH = "/api/v1/engineers/slow";

    private final String name;
    private final HttpServer server;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean jwksAvailable = true;
    private final AtomicInteger requests = new AtomicInteger();

    private FakeService(String name, String jwks) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                if (jwks != null && exchange.getRequestURI().getPath().equals("/oauth2/jwks")) {
                    if (jwksAvailable) {
                        respond(exchange, jwks);
                    } else {
                        exchange.sendResponseHeaders(503, -1);
                    }
                } else {
                    requests.incrementAndGet();
                    String query = Objects.toString(exchange.getRequestURI().getRawQuery(), "");
                    if (query.startsWith("answer=")) {
                        exchange.getRequestBody().readAllBytes();
                        problem(exchange, Integer.parseInt(query.substring("answer=".length())));
                        return;
                    }
                    if (exchange.getRequestURI().getPath().equals(SLOW_PATH)) {
                        awaitClosing();
                    }
                    respond(exchange, echo(exchange));
                }
            }
        });
        server.start();
    }

    static FakeService start(String name) {
        return new FakeService(name, null);
    }

    static FakeService startWithJwks(String name, String jwks) {
        return new FakeService(name, jwks);
    }

    /** Lets the JWKS answer 503 while the action runs, as a restarting authorization server would. */
    void withJwksUnavailable(ThrowingRunnable action) throws Exception {
        jwksAvailable = false;
        try {
            action.run();
        } finally {
            jwksAvailable = true;
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    int requests() {
        return requests.get();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Makes this fake the gateway's authorization server: its route and the JWKS the gateway checks tokens with. */
    void registerAsIssuer(DynamicPropertyRegistry registry) {
        registry.add("yunwei.gateway.services.auth", this::baseUrl);
        registry.add("yunwei.security.jwk-set-uri", () -> baseUrl() + "/oauth2/jwks");
    }

    /** An address where nothing listens: a service that is down. */
    static String unreachableUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String echo(HttpExchange exchange) throws IOException {
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put("service", name);
        seen.put("method", exchange.getRequestMethod());
        seen.put("path", exchange.getRequestURI().getRawPath());
        seen.put("query", Objects.toString(exchange.getRequestURI().getRawQuery(), ""));
        seen.put("authorization", Objects.toString(exchange.getRequestHeaders().getFirst("Authorization"), ""));
        seen.put("requestId", Objects.toString(exchange.getRequestHeaders().getFirst("X-Request-Id"), ""));
        seen.put("traceparent", String.join(",", Objects.requireNonNullElse(
                exchange.getRequestHeaders().get("traceparent"), java.util.List.of())));
        seen.put("contentLength", Objects.toString(exchange.getRequestHeaders().getFirst("Content-Length"), ""));
        seen.put("transferEncoding", Objects.toString(exchange.getRequestHeaders().getFirst("Transfer-Encoding"), ""));
        seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        // a service that sets its own id must not produce a second header on the gateway's response
        exchange.getResponseHeaders().add("X-Request-Id", "set-by-" + name);
        return JsonMapper.shared().writeValueAsString(seen);
    }

    private void awaitClosing() {
        try {
            closing.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void problem(HttpExchange exchange, int status) throws IOException {
        byte[] body = ("{\"status\":" + status + ",\"code\":\"FROM_SERVICE\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void respond(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
