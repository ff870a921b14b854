package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every service's OpenAPI description, and the whole API's merged from them, is browsable at the gateway, without a
 * token, and complete enough for client generators and linters.
 */
class ApiDocumentationIT {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    /** The detail of the gateway's 404 for a path no route serves. */
    private static final String GATEWAY_NOT_FOUND = "No Yunwei API is served at this path.";

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @CsvSource({ "intake, /api/v1/tickets", "dispatch, /api/v1/dispatches/{id}", "field, /api/v1/visits/{id}/completion",
            "followup, /api/v1/callbacks" })
    void describesEachServicesApiAsOpenApi31WithItsBearerScheme(String service, String path) throws Exception {
        HttpResponse<String> docs = get("/docs/" + service);

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(docs.body(), "$.openapi")).startsWith("3.1");
        assertThat((Map<String, Object>) JsonPath.read(docs.body(), "$.paths")).containsKey(path);
        assertThat((String) JsonPath.read(docs.body(), "$.components.securitySchemes.bearer-jwt.scheme")).isEqualTo("bearer");
    }

    /**
     * An integrator can call every operation a service documents at the gateway under the documented path: each is
     * requested with placeholder ids and a body no operation accepts, so the service refuses it and nothing changes;
     * only the gateway's own "no API here" answer fails the test.
     */
    @ParameterizedTest
    @ValueSource(strings = { "intake", "dispatch", "field", "followup" })
    void routesEveryDocumentedOperationToItsService(String service) throws Exception {
        Map<String, Map<String, Object>> paths = JsonPath.read(get("/docs/" + service).body(), "$.paths");
        Api api = RunningSystem.api();
        List<String> unrouted = new ArrayList<>();
        List<String> requested = new ArrayList<>();
        paths.forEach((path, operations) -> operations.keySet().stream().filter(METHODS::contains).forEach(method -> {
            String concrete = path.replaceAll("\\{[^}]+}", "docs-probe");
            Api.Response response = api.request("admin", method.toUpperCase(Locale.ROOT), concrete, "text/plain", "probe");
            requested.add(method + " " + path);
            if (response.status() == 404 && response.body().contains(GATEWAY_NOT_FOUND)) {
                unrouted.add(method.toUpperCase(Locale.ROOT) + " " + path);
            }
        }));
        assertThat(requested).hasSizeGreaterThan(3);
        assertThat(unrouted).as("documented by %s but not routed by the gateway", service).isEmpty();
    }

    /**
     * What generators and linters need of each published description, the merged one ({@code api}) included: a
     * server that is the gateway, a licence by SPDX identifier, and for every operation a name, a summary, a
     * description, one tag named for its resource and described, the problem responses it can give as problem
     * documents, and an example of its JSON body. Each description is also written to {@code target/api-docs/} for
     * the Redocly lint that CI runs when Node.js is there.
     */
    @ParameterizedTest
    @ValueSource(strings = { "intake", "dispatch", "field", "followup", "api" })
    void describesEveryOperationForGeneratorsAndLinters(String document) throws Exception {
        JsonNode description = published(document);
        List<String> missing = new ArrayList<>();

        assertThat(description.path("servers").path(0).path("url").asString()).isEqualTo(RunningSystem.stack().gatewayUrl());
        assertThat(description.path("info").path("license").path("identifier").asString()).isEqualTo("Apache-2.0");
        Set<String> tags = new java.util.HashSet<>();
        description.path("tags").forEach(tag -> {
            tags.add(tag.path("name").asString());
            if (tag.path("description").asString("").isBlank()) {
                missing.add("tag " + tag.path("name").asString() + ": description");
            }
        });
        description.path("paths").properties().forEach(path -> path.getValue().properties().stream()
                .filter(operation -> METHODS.contains(operation.getKey())).forEach(operation -> {
                    String name = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                    missing.addAll(gaps(name, path.getKey(), operation.getValue(), tags));
                }));

        assertThat(missing).as("what the %s description lacks", document).isEmpty();
    }

    @Test
    void mergesEveryServicesOperationsIntoOneDescription() throws Exception {
        Set<String> services = new java.util.TreeSet<>();
        for (String service : List.of("intake", "dispatch", "field", "followup")) {
            services.addAll(published(service).path("paths").propertyNames());
        }

        assertThat(new java.util.TreeSet<>(published("api").path("paths").propertyNames())).isEqualTo(services);
        assertThat(published("api").path("info").path("title").asString()).isEqualTo("Yunwei API");
    }

    private static List<String> gaps(String name, String path, JsonNode operation, Set<String> tags) {
        List<String> gaps = new ArrayList<>();
        for (String text : List.of("operationId", "summary", "description")) {
            if (operation.path(text).asString("").isBlank()) {
                gaps.add(name + ": " + text);
            }
        }
        JsonNode tag = operation.path("tags");
        if (tag.size() != 1 || !tags.contains(tag.path(0).asString()) || !Character.isUpperCase(tag.path(0).asString()
                .codePointAt(0)) || tag.path(0).asString().endsWith("-controller")) {
            gaps.add(name + ": one described resource tag, not " + tag);
        }
        List<String> problems = new ArrayList<>(List.of("401", "403", "429", "503"));
        if (path.contains("{")) {
            problems.add("404");
        }
        if (operation.has("requestBody")) {
            problems.addAll(List.of("400", "413", "415"));
            JsonNode json = operation.path("requestBody").path("content").path("application/json");
            if (!json.isMissingNode() && json.path("examples").isEmpty()) {
                gaps.add(name + ": an example body");
            }
        }
        for (String status : problems) {
            if (!"#/components/schemas/Problem".equals(operation.path("responses").path(status).path("content")
                    .path("application/problem+json").path("schema").path("$ref").asString(""))) {
                gaps.add(name + ": a " + status + " problem");
            }
        }
        return gaps;
    }

    private final Map<String, JsonNode> descriptions = new java.util.concurrent.ConcurrentHashMap<>();

    private JsonNode published(String document) throws Exception {
        JsonNode cached = descriptions.get(document);
        if (cached != null) {
            return cached;
        }
        HttpResponse<String> response = get("/docs/" + document);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Path written = Path.of("target", "api-docs", document + ".json");
        Files.createDirectories(written.getParent());
        Files.writeString(written, response.body());
        JsonNode description = JsonMapper.shared().readTree(response.body());
        descriptions.put(document, description);
        return description;
    }

    @Test
    void servesTheBrowsableUiListingEveryService() throws Exception {
        assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
        HttpResponse<String> config = get("/v3/api-docs/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        List<String> names = JsonPath.read(config.body(), "$.urls[*].name");
        assertThat(names).containsExactlyInAnyOrder("yunwei", "intake", "dispatch", "field", "followup");
    }

    @Test
    void showsRequestResponseAndProblemExamplesInEachServicesDescription() throws Exception {
        String intake = get("/docs/intake").body();
        assertThat((String) JsonPath.read(intake, "$.paths['/api/v1/tickets'].post.requestBody.content['application/json']"
                + ".examples['customer-call-zh'].value.what.symptom")).contains("UPS 告警灯闪烁");
        assertThat((String) JsonPath.read(intake, "$.paths['/api/v1/tickets'].post.responses['400']"
                + ".content['application/problem+json'].examples['validation-failed'].$ref"))
                .isEqualTo("#/components/examples/ValidationFailed");
        assertThat((String) JsonPath.read(intake, "$.components.examples.ValidationFailed.value.code"))
                .isEqualTo("VALIDATION_FAILED");

        String field = get("/docs/field").body();
        assertThat((List<String>) JsonPath.read(field, "$.paths['/api/v1/visits/{id}/completion'].post.responses['409']"
                + ".content['application/problem+json'].examples['steps-missing'].value.missingSteps")).isNotEmpty();
        assertThat((List<String>) JsonPath.read(field, "$.components.examples.IllegalTransition.value.allowedNext"))
                .isNotEmpty();

        String dispatch = get("/docs/dispatch").body();
        assertThat((String) JsonPath.read(dispatch, "$.paths['/api/v1/dispatches/{id}/appointment'].post.requestBody"
                + ".content['application/json'].examples['appointment-zh'].value.preNotice")).contains("您好");

        String followup = get("/docs/followup").body();
        // springdoc lists what the controller produces (*/* unless it says): the example goes with each
        assertThat((List<Object>) JsonPath.read(followup, "$.paths['/api/v1/knowledge/articles'].get.responses['200']"
                + ".content.*.examples['search-zh'].value")).isNotEmpty();
    }

    @Test
    void servesTheEventCatalogueAsAsyncApi() throws Exception {
        HttpResponse<String> catalogue = get("/docs/events");

        assertThat(catalogue.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(catalogue.body(), "$.asyncapi")).isEqualTo("3.0.0");
        assertThat((Map<String, Object>) JsonPath.read(catalogue.body(), "$.channels")).containsOnlyKeys(
                "intake.events", "dispatch.events", "field.events", "followup.events");
        assertThat(get("/docs/events.html").body()).contains("<code>visit.completed.v1</code>");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(RunningSystem.stack().gatewayUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
