package io.yunwei.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.jayway.jsonpath.JsonPath;

/** Calls the gateway as the demo clients do, with real tokens from the local authorization server. */
final class Api {

    private final String gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    Api(String gateway) {
        this.gateway = gateway;
    }

    Response get(String client, String path) {
        return send(client, HttpRequest.newBuilder(URI.create(gateway + path)).GET());
    }

    Response post(String client, String path, String json) {
        return send(client, HttpRequest.newBuilder(URI.create(gateway + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    Response put(String client, String path, String json) {
        return send(client, HttpRequest.newBuilder(URI.create(gateway + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    /** A POST with a body of any content type, for requests that are malformed on purpose. */
    Response post(String client, String path, String contentType, String body) {
        return send(client, HttpRequest.newBuilder(URI.create(gateway + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A POST of bytes, such as a multipart form with a photo. */
    Response post(String client, String path, String contentType, byte[] body) {
        return send(client, HttpRequest.newBuilder(URI.create(gateway + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

        /** Any method, with a body of any content type unless it is a GET or DELETE. */
    Response request(String client, String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path));
        if (method.equals("GET") || method.equals("DELETE")) {
            return send(client, request.method(method, HttpRequest.BodyPublishers.noBody()));
        }
        return send(client, request.header("Content-Type", contentType).method(method,
                HttpRequest.BodyPublishers.ofString(body)));
    }

    private Response send(String client, HttpRequest.Builder request) {
        String token = tokens.computeIfAbsent(client, c -> DemoData.token(gateway, c));
        try {
            HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String body) {

        <T> T read(String path) {
            return JsonPath.read(body, path);
        }
    }
}
