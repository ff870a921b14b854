package io.yunwei.chassis.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpStatus;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds each operation's name, summary and description, and request and response examples, kept as data next to a
 * service's code, to the OpenAPI description springdoc derives from its controllers, so no controller carries
 * documentation annotations. A service lists its examples in
 * {@value #SERVICE_EXAMPLES} on its classpath, keyed by operation ({@code "POST /api/v1/tickets"}):
 *
 * <pre>
 * {"examples": {"NameOfASharedExample": {"summary": "…", "value": {…}}},
 *  "tags": {"Tickets": "What the resource is"},
 *  "operations": {"POST /api/v1/tickets": {
 *      "operationId": "recordTicket", "summary": "Record a ticket", "description": "…",
 *      "request": {"customer-call": {"summary": "…", "value": {…}}},
 *      "responses": {"201": {"recorded": {"summary": "…", "value": {…}}},
 *                    "404": {"not-found": {"$ref": "NotFound"}}}}}}
 * </pre>
 *
 * Shared examples become {@code components.examples}; a {@code $ref} names one of them. The problem shapes every
 * service answers with ({@code ValidationFailed}, {@code NotFound}, {@code IllegalTransition}, {@code Forbidden},
 * {@code Unauthenticated}) come from the chassis ({@value #PROBLEM_EXAMPLES}). Responses 2xx are JSON, 4xx and 5xx
 * {@code application/problem+json}, unless the operation already declares its media types.
 */
public final class ApiExamples implements OpenApiCustomizer {

    /** Where a service keeps its examples. */
    public static final String SERVICE_EXAMPLES = "openapi/examples.json";
    /** Where a service keeps its operations' names, summaries and descriptions, and its tags' descriptions. */
    public static final String SERVICE_OPERATIONS = "openapi/operations.json";
    static final String PROBLEM_EXAMPLES = "io/yunwei/chassis/web/problem-examples.json";

    private static final Logger log = LoggerFactory.getLogger(ApiExamples.class);
    private static final String COMPONENT_REF = "#/components/examples/";

    private final Map<String, Object> sharedExamples = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> operations = new LinkedHashMap<>();

    private ApiExamples() {
    }

    /** The chassis's problem shapes and every {@value #SERVICE_OPERATIONS} and {@value #SERVICE_EXAMPLES} on the class path. */
    public static ApiExamples fromClasspath(ClassLoader classLoader) {
        ApiExamples examples = new ApiExamples();
        examples.load(read(classLoader, PROBLEM_EXAMPLES));
        examples.load(read(classLoader, SERVICE_OPERATIONS));
        examples.load(read(classLoader, SERVICE_EXAMPLES));
        return examples;
    }

    /** Examples given as data, in the format of {@value #SERVICE_EXAMPLES}, after the chassis's problem shapes. */
    public static ApiExamples of(ClassLoader classLoader, String... json) {
        ApiExamples examples = new ApiExamples();
        examples.load(read(classLoader, PROBLEM_EXAMPLES));
        for (String document : json) {
            examples.load(List.of(parse(document)));
        }
        return examples;
    }

    /** The operations ({@code "POST /api/v1/tickets"}) that have examples. */
    public List<String> operations() {
        return List.copyOf(operations.keySet());
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (!sharedExamples.isEmpty()) {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            sharedExamples.forEach((name, example) -> openApi.getComponents().addExamples(name, example(example)));
        }
        tags.forEach((name, description) -> openApi.addTagsItem(new Tag().name(name).description(description)));
        operations.forEach((key, examples) -> {
            Operation operation = find(openApi, key);
            if (operation == null) {
                // an example for an operation that is gone is a stale document, not a reason to fail the service
                log.warn("OpenAPI examples name {}, which this service does not serve", key);
                return;
            }
            if (examples.get("operationId") instanceof String id) {
                operation.setOperationId(id);
            }
            if (examples.get("summary") instanceof String summary) {
                operation.setSummary(summary);
            }
            if (examples.get("description") instanceof String description) {
                operation.setDescription(description);
            }
            if (examples.get("request") instanceof Map<?, ?> request) {
                addRequestExamples(operation, request);
            }
            if (examples.get("responses") instanceof Map<?, ?> responses) {
                responses.forEach((status, named) -> addResponseExamples(operation, status.toString(), (Map<?, ?>) named));
            }
        });
    }

    private static Operation find(OpenAPI openApi, String key) {
        int space = key.indexOf(' ');
        if (space < 0 || openApi.getPaths() == null) {
            return null;
        }
        PathItem path = openApi.getPaths().get(key.substring(space + 1).trim());
        if (path == null) {
            return null;
        }
        try {
            return path.readOperationsMap()
                    .get(PathItem.HttpMethod.valueOf(key.substring(0, space).toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknownMethod) {
            return null;
        }
    }

    private void addRequestExamples(Operation operation, Map<?, ?> named) {
        if (operation.getRequestBody() == null) {
            operation.setRequestBody(new RequestBody());
        }
        RequestBody body = operation.getRequestBody();
        if (body.getContent() == null || body.getContent().isEmpty()) {
            body.setContent(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                    new MediaType()));
        }
        body.getContent().values().forEach(media -> addExamples(media, named));
    }

    private void addResponseExamples(Operation operation, String status, Map<?, ?> named) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        ApiResponse response = operation.getResponses().get(status);
        if (response == null) {
            response = new ApiResponse().description(describe(status));
            operation.getResponses().addApiResponse(status, response);
        }
        boolean problem = !status.startsWith("2") && !status.startsWith("3");
        String type = problem ? org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE
                : org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
        if (response.getContent() == null || response.getContent().isEmpty()) {
            response.setContent(new Content().addMediaType(type, new MediaType()));
        } else if (problem && !response.getContent().containsKey(type)) {
            // springdoc lists the controller advice's produced types; a problem is always problem+json
            response.getContent().addMediaType(type, new MediaType());
        }
        for (Map.Entry<String, MediaType> media : response.getContent().entrySet()) {
            if (!problem || media.getKey().equals(type)) {
                addExamples(media.getValue(), named);
            }
        }
    }

    private void addExamples(MediaType media, Map<?, ?> named) {
        named.forEach((name, example) -> media.addExamples(name.toString(), example(example)));
    }

    private static Example example(Object definition) {
        if (!(definition instanceof Map<?, ?> fields)) {
            return new Example().value(definition);
        }
        if (fields.get("$ref") instanceof String ref) {
            return new Example().$ref(ref.startsWith("#") ? ref : COMPONENT_REF + ref);
        }
        Example example = new Example().value(fields.get("value"));
        if (fields.get("summary") instanceof String summary) {
            example.setSummary(summary);
        }
        if (fields.get("description") instanceof String description) {
            example.setDescription(description);
        }
        return example;
    }

    private static String describe(String status) {
        try {
            HttpStatus known = HttpStatus.resolve(Integer.parseInt(status));
            return known == null ? status : known.getReasonPhrase();
        } catch (NumberFormatException notANumber) {
            return status;
        }
    }

    @SuppressWarnings("unchecked")
    private void load(List<Map<String, Object>> documents) {
        for (Map<String, Object> document : documents) {
            if (document.get("examples") instanceof Map<?, ?> shared) {
                shared.forEach((name, example) -> sharedExamples.put(name.toString(), example));
            }
            if (document.get("tags") instanceof Map<?, ?> described) {
                described.forEach((name, description) -> tags.put(name.toString(), description.toString()));
            }
            if (document.get("operations") instanceof Map<?, ?> byOperation) {
                byOperation.forEach((key, value) -> operations.merge(key.toString(),
                        new LinkedHashMap<>((Map<String, Object>) value), ApiExamples::mergeOperation));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mergeOperation(Map<String, Object> first, Map<String, Object> second) {
        Map<String, Object> merged = new LinkedHashMap<>(first);
        second.forEach((part, value) -> merged.merge(part, value, (a, b) -> {
            if (!(a instanceof Map<?, ?>) || !(b instanceof Map<?, ?>)) {
                return b;
            }
            Map<String, Object> both = new LinkedHashMap<>((Map<String, Object>) a);
            both.putAll((Map<String, Object>) b);
            return both;
        }));
        return merged;
    }

    private static List<Map<String, Object>> read(ClassLoader classLoader, String resource) {
        List<Map<String, Object>> documents = new ArrayList<>();
        try {
            Enumeration<URL> urls = classLoader.getResources(resource);
            for (URL url : Collections.list(urls)) {
                try (InputStream in = url.openStream()) {
                    documents.add(parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read OpenAPI examples " + resource, e);
        }
        return documents;
    }

    private static Map<String, Object> parse(String json) {
        return JsonMapper.shared().readValue(json, new TypeReference<Map<String, Object>>() {
        });
    }
}
