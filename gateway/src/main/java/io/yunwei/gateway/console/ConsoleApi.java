package io.yunwei.gateway.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.core.env.Environment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The console's way to the services: the gateway's own {@code /api} routes, with the signed-in user's access token
 * (refreshed when it has expired) as the bearer token. The API's answers, problems included, come back as they are;
 * the pages decide how to show them.
 */
@Component
class ConsoleApi {

    /** An answer of the API: its status, its JSON body (missing when there is none) and its ETag. */
    record Answer(int status, JsonNode body, String etag) {

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final RestClient client;
    private final JsonMapper json;
    private final ConsoleProperties console;
    private final Environment environment;

    ConsoleApi(RestClient.Builder builder, OAuth2AuthorizedClientManager authorizedClients, JsonMapper json,
            ConsoleProperties console, Environment environment) {
        OAuth2ClientHttpRequestInterceptor relay = new OAuth2ClientHttpRequestInterceptor(authorizedClients);
        relay.setClientRegistrationIdResolver(request -> ConsoleProperties.REGISTRATION);
        this.client = builder.requestInterceptor(relay).build();
        this.json = json;
        this.console = console;
        this.environment = environment;
    }

    Answer get(String path, Object... variables) {
        return exchange(HttpMethod.GET, path, null, Map.of(), variables);
    }

    Answer post(String path, Object body, Map<String, String> headers, Object... variables) {
        return exchange(HttpMethod.POST, path, body, headers, variables);
    }

    Answer patch(String path, Object body, Map<String, String> headers, Object... variables) {
        return exchange(HttpMethod.PATCH, path, body, headers, variables);
    }

    /**
     * A printable document (a service form, an incident report) as PDF. The bytes when the API gives it; otherwise
     * the API's problem, thrown for the page that shows problems.
     */
    byte[] pdf(String path, Object... variables) {
        URI uri = UriComponentsBuilder.fromUriString(apiUrl() + path).buildAndExpand(variables).encode().toUri();
        return client.get().uri(uri).accept(MediaType.APPLICATION_PDF, MediaType.APPLICATION_PROBLEM_JSON)
                .exchange((req, response) -> {
                    byte[] body = response.getBody().readAllBytes();
                    if (!response.getStatusCode().is2xxSuccessful()) {
                        throw new ConsolePages.Refused(new Answer(response.getStatusCode().value(),
                                body.length == 0 ? MissingNode.getInstance() : json.readTree(body), null));
                    }
                    return body;
                });
    }

    /** A file the API keeps (an evidence photo): its status, its media type and its bytes, as the API gave them. */
    record Download(int status, String contentType, byte[] content) {

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    Download download(String path, Object... variables) {
        URI uri = UriComponentsBuilder.fromUriString(apiUrl() + path).buildAndExpand(variables).encode().toUri();
        return client.get().uri(uri).accept(MediaType.ALL).exchange((req, response) -> new Download(
                response.getStatusCode().value(), String.valueOf(response.getHeaders().getContentType()),
                response.getBody().readAllBytes()));
    }

    /** A document the API renders as HTML (an incident report): its status and text, the page shows it as it is. */
    record Document(int status, String html) {
    }

    Document html(String path, Object... variables) {
        URI uri = UriComponentsBuilder.fromUriString(apiUrl() + path).buildAndExpand(variables).encode().toUri();
        return client.get().uri(uri).accept(MediaType.TEXT_HTML).exchange((req, response) -> new Document(
                response.getStatusCode().value(), new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    Answer put(String path, Object body, Map<String, String> headers, Object... variables) {
        return exchange(HttpMethod.PUT, path, body, headers, variables);
    }

    /** Sends a file as the {@code file} part of a multipart form, with the other fields as parts beside it. */
    Answer upload(String path, String filename, byte[] content, Map<String, String> fields, Map<String, String> headers,
            Object... variables) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("file", new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return filename;
            }
        });
        fields.forEach(parts::add);
        URI uri = UriComponentsBuilder.fromUriString(apiUrl() + path).buildAndExpand(variables).encode().toUri();
        RestClient.RequestBodySpec request = client.post().uri(uri).accept(MediaType.APPLICATION_JSON,
                MediaType.APPLICATION_PROBLEM_JSON);
        headers.forEach(request::header);
        return request.contentType(MediaType.MULTIPART_FORM_DATA).body(parts)
                .exchange((req, response) -> new Answer(response.getStatusCode().value(), read(response.getBody()),
                        response.getHeaders().getETag()));
    }

    Answer exchange(HttpMethod method, String path, Object body, Map<String, String> headers,
            Object... variables) {
        URI uri = UriComponentsBuilder.fromUriString(apiUrl() + path).buildAndExpand(variables).encode().toUri();
        RestClient.RequestBodySpec request = client.method(method).uri(uri).accept(MediaType.APPLICATION_JSON,
                MediaType.APPLICATION_PROBLEM_JSON);
        headers.forEach(request::header);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body));
        }
        return request.exchange((req, response) -> new Answer(response.getStatusCode().value(),
                read(response.getBody()), response.getHeaders().getETag()));
    }

    private JsonNode read(InputStream body) throws IOException {
        byte[] bytes = body.readAllBytes();
        return bytes.length == 0 ? MissingNode.getInstance() : json.readTree(bytes);
    }

    /** The gateway itself, unless configured otherwise: the port is known only once the server has started. */
    private String apiUrl() {
        return console.apiUrl() != null ? console.apiUrl()
                : "http://127.0.0.1:" + environment.getProperty("local.server.port",
                        environment.getProperty("server.port", "8080"));
    }
}
