package io.yunwei.gateway.docs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.yunwei.gateway.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI description of the whole API at {@code /docs/api}: the four services' own descriptions, as each
 * publishes it (the ones at {@code /docs/{service}}), merged into one ({@link OpenApiMerge}) for clients generated
 * once for all of Yunwei. Read from the services at each request, so it is never older than they are.
 */
@RestController
class ApiDescription {

    private static final Logger log = LoggerFactory.getLogger(ApiDescription.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, List<URI>> services;
    private final String publicUrl;
    private final JsonMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ApiDescription(Environment environment, JsonMapper mapper,
            @Value("${yunwei.gateway.docs.services:intake,dispatch,field,followup}") List<String> described,
            @Value("${yunwei.api.public-url:http://localhost:8080}") String publicUrl) {
        Map<String, List<URI>> configured = Binder.get(environment).bind("yunwei.gateway.services",
                Bindable.<Map<String, List<URI>>>of(ResolvableType.forClassWithGenerics(Map.class,
                        ResolvableType.forClass(String.class), ResolvableType.forClassWithGenerics(List.class, URI.class))))
                .orElse(Map.of());
        this.services = new LinkedHashMap<>();
        for (String service : described) {
            List<URI> instances = configured.get(service);
            if (instances == null || instances.isEmpty()) {
                throw new IllegalStateException("yunwei.gateway.docs.services names " + service
                        + ", which yunwei.gateway.services does not locate");
            }
            services.put(service, instances);
        }
        this.publicUrl = publicUrl;
        this.mapper = mapper;
    }

    @GetMapping(path = "/docs/api", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> merged(HttpServletRequest request) throws InterruptedException {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        for (Map.Entry<String, List<URI>> service : services.entrySet()) {
            JsonNode document = fetch(service.getValue());
            if (document == null) {
                return problem(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE", "The " + service.getKey()
                        + " service's API description cannot be read now; try again shortly.", request);
            }
            documents.put(service.getKey(), document);
        }
        try {
            ObjectNode merged = OpenApiMerge.merge(documents, info(), servers());
            return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(MediaType.APPLICATION_JSON)
                    .body(merged);
        } catch (OpenApiMerge.Clash clash) {
            log.error("The services' API descriptions cannot be merged: {}", clash.getMessage());
            return problem(HttpStatus.INTERNAL_SERVER_ERROR, "API_DESCRIPTIONS_CLASH", clash.getMessage(), request);
        }
    }

    /** The first instance that answers; {@code null} when none does. */
    private JsonNode fetch(List<URI> instances) throws InterruptedException {
        for (URI instance : instances) {
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(instance.resolve("/v3/api-docs"))
                        .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 200) {
                    return mapper.readTree(response.body());
                }
                log.warn("{} answered {} for its API description", instance, response.statusCode());
            } catch (IOException e) {
                log.warn("{} did not give its API description: {}", instance, e.toString());
            }
        }
        return null;
    }

    private ObjectNode info() {
        ObjectNode info = mapper.createObjectNode().put("title", "Yunwei API").put("version", "v1")
                .put("description", "The whole Yunwei service desk API, as the gateway serves it at /api/v1: "
                        + "intake, dispatch, field and follow-up in one description. Errors are RFC 9457 problem "
                        + "documents with a stable `code`.");
        info.putObject("license").put("name", "Apache License 2.0").put("identifier", "Apache-2.0");
        return info;
    }

    private ArrayNode servers() {
        ArrayNode servers = mapper.createArrayNode();
        servers.addObject().put("url", publicUrl).put("description", "The Yunwei gateway");
        return servers;
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String code, String detail,
            HttpServletRequest request) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.problem(status, code, detail, request));
    }
}
