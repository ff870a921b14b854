package io.yunwei.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls the gateway as the demo clients do, with real tokens from the authorization server behind it. Given several
 * gateway instances it takes them in turn, call by call, as a load balancer in front of them would.
 */
public final class Gateway {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> bases;
    private final AtomicInteger next = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    /** A token and when it stops being accepted. */
    private record Token(String value, long expiresAtNanos) {
    }

    /** How long before its expiry a token is replaced: a run of hours outlives many tokens. */
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(2);

    public Gateway(String base) {
        this(List.of(base));
    }

    public Gateway(List<String> bases) {
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("no gateway URL");
        }
        this.bases = bases.stream().map(base -> base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                .toList();
    }

    /** The first gateway's URL. */
    public String base() {
        return bases.getFirst();
    }

    private String nextBase() {
        return bases.size() == 1 ? bases.getFirst() : bases.get(Math.floorMod(next.getAndIncrement(), bases.size()));
    }

    public Response get(String client, String path) {
        return send(Call.of("GET", path).as(client));
    }

    public Response post(String client, String path, String json) {
        return send(Call.of("POST", path).as(client).json(json));
    }

    public Response put(String client, String path, String json) {
        return send(Call.of("PUT", path).as(client).json(json));
    }

    /** A client-credentials token for a demo (or bench) client, fetched again shortly before it expires. */
    public String token(String client) {
        return tokens.compute(client, (name, token) -> token == null
                || token.expiresAtNanos() - System.nanoTime() < RENEW_BEFORE_EXPIRY.toNanos() ? fetchToken(name) : token)
                .value();
    }

    /** Drops a cached token, for a restarted authorization server with a new key. */
    public void forgetTokens() {
        tokens.clear();
    }

    private Token fetchToken(String client) {
        long asked = System.nanoTime();
        String basic = Base64.getEncoder().encodeToString((client + ":" + client + "-secret").getBytes(StandardCharsets.UTF_8));
        Response response = send(Call.of("POST", "/oauth2/token").header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded").body("grant_type=client_credentials"));
        if (response.status() != 200) {
            throw new IllegalStateException("no token for " + client + ": " + response);
        }
        long lifeSeconds = response.json().path("expires_in").asLong(300);
        return new Token(response.json().path("access_token").asString(),
                asked + Duration.ofSeconds(lifeSeconds).toNanos());
    }

    /** Sends a call; a connection failure is answered as status 0 with the exception as body. */
    public Response send(Call call) {
        if (call.framing == Framing.STALLED) {
            return sendStalled(call);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nextBase() + call.path))
                .timeout(call.timeout == null ? Duration.ofSeconds(30) : call.timeout);
        if (call.client != null) {
            request.header("Authorization", "Bearer " + token(call.client));
        }
        call.headers.forEach(request::header);
        byte[] body = call.body;
        request.method(call.method, body == null ? HttpRequest.BodyPublishers.noBody()
                : call.framing == Framing.CHUNKED
                        // a publisher of unknown length: the client frames the body as chunked, declaring no length
                        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), System.nanoTime() - started, response.headers().map());
        } catch (IOException e) {
            return new Response(0, "", e.toString(), System.nanoTime() - started, Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(0, "", e.toString(), System.nanoTime() - started, Map.of());
        }
    }

    /**
     * Sends the headers and the first half of the body as one chunk, then nothing more, on a socket of its own (no
     * HTTP client sends a body that stalls), and reads what comes back until the gateway closes the connection.
     */
    private Response sendStalled(Call call) {
        URI uri = URI.create(nextBase() + call.path);
        if (!"http".equals(uri.getScheme())) {
            return new Response(-1, "", "not sendable: a stalled body is only sent over plain HTTP", 0, Map.of());
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        long started = System.nanoTime();
        try (Socket socket = new Socket(uri.getHost(), port)) {
            socket.setSoTimeout((int) (call.timeout == null ? Duration.ofSeconds(60) : call.timeout).toMillis());
            StringBuilder head = new StringBuilder(call.method).append(' ').append(uri.getRawPath())
                    .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(uri.getHost()).append(':').append(port).append("\r\n")
                    .append("Transfer-Encoding: chunked\r\nConnection: close\r\n");
            if (call.client != null) {
                head.append("Authorization: Bearer ").append(token(call.client)).append("\r\n");
            }
            call.headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            byte[] body = call.body == null ? new byte[0] : call.body;
            int half = Math.max(1, body.length / 2);
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").append(Integer.toHexString(half)).append("\r\n").toString()
                    .getBytes(StandardCharsets.UTF_8));
            out.write(body, 0, Math.min(half, body.length));
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return RawResponse.parse(socket.getInputStream().readAllBytes(), System.nanoTime() - started);
        } catch (IOException e) {
            return new Response(0, "", e.toString(), System.nanoTime() - started, Map.of());
        }
    }

    /** How a call's body is put on the wire. */
    public enum Framing {
        /** With its {@code Content-Length}. */
        LENGTH,
        /** Chunked, declaring no length. */
        CHUNKED,
        /** Chunked, and stopping halfway for good. */
        STALLED
    }

    /** One request: method, path (with query), who calls, headers and body. */
    public static final class Call {
        final String method;
        final String path;
        String client;
        final Map<String, String> headers = new LinkedHashMap<>();
        byte[] body;
        Duration timeout;
        Framing framing = Framing.LENGTH;

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public static Call of(String method, String path) {
            return new Call(method, path);
        }

        public Call as(String client) {
            this.client = client;
            return this;
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Call json(String json) {
            return header("Content-Type", "application/json").body(json);
        }

        public Call body(String text) {
            this.body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** The same request to another path. */
        public Call withPath(String other) {
            Call copy = new Call(method, other);
            copy.client = client;
            copy.headers.putAll(headers);
            copy.body = body;
            copy.timeout = timeout;
            copy.framing = framing;
            return copy;
        }

        public Call framing(Framing framing) {
            this.framing = framing;
            return this;
        }

        public Call timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public String method() {
            return method;
        }

        public String path() {
            return path;
        }

        /** The request in one line, the body cut short, for a failure listing. */
        public String describe() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            if (text.length() > 300) {
                text = text.substring(0, 300) + "…(" + body.length + " bytes)";
            }
            return method + " " + (path.length() > 200 ? path.substring(0, 200) + "…" : path)
                    + (framing == Framing.LENGTH ? "" : " (" + framing.name().toLowerCase() + ")") + " as "
                    + (client == null ? "(no token)" : client) + " " + headers + (text.isEmpty() ? "" : " body " + text);
        }
    }

    /** A response: status (0 when the connection failed), content type, body and how long it took. */
    public record Response(int status, String contentType, String body, long nanos, Map<String, java.util.List<String>> headers) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (RuntimeException e) {
                return JSON.missingNode();
            }
        }

        public String text(String field) {
            return json().path(field).asString(null);
        }

        public double millis() {
            return nanos / 1e6;
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : body.length() > 400 ? body.substring(0, 400) + "…" : body;
            return status + " " + contentType + " " + shown;
        }
    }
}
