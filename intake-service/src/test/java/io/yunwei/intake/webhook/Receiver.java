package io.yunwei.intake.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook endpoint on this machine, as an integrator would run one: it records every request it gets and answers
 * as the test tells it to.
 */
final class Receiver implements AutoCloseable {

    /** One request as the endpoint got it. */
    record Request(String id, String timestamp, String signature, String body, Instant at, int answered) {

        String type() {
            return JsonPath.read(body, "$.type");
        }

        String ticketId() {
            return JsonPath.read(body, "$.data.ticketId");
        }

        Number sequence() {
            return JsonPath.read(body, "$.data.sequence");
        }

        /** Checks the signature as Standard Webhooks says a receiver must: some {@code v1} signature matches. */
        boolean signedWith(String secret) {
            String expected = "v1," + hmac(secret, id + "." + timestamp + "." + body);
            for (String one : signature.split(" ")) {
                if (one.equals(expected)) {
                    return true;
                }
            }
            return false;
        }

        private static String hmac(String secret, String content) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
                return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** What to answer: a status and headers. */
    record Answer(int status, Map<String, String> headers) {

        static Answer of(int status) {
            return new Answer(status, Map.of());
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private volatile Function<Request, Answer> answers = request -> Answer.of(204);

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Request got = new Request(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, Instant.now(), 0);
            Answer answer = answers.apply(got);
            requests.add(new Request(got.id(), got.timestamp(), got.signature(), body, got.at(), answer.status()));
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/yunwei";
    }

    void answer(Function<Request, Answer> answers) {
        this.answers = answers;
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The requests about one ticket, in the order they came. */
    List<Request> about(String ticketId) {
        return requests().stream().filter(request -> !request.type().startsWith("webhook.")
                && ticketId.equals(request.ticketId())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
