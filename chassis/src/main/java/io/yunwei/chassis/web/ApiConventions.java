package io.yunwei.chassis.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.http.HttpHeaders;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;

/**
 * What every operation of every service has in common, written into the OpenAPI description once instead of on
 * each controller: a tag named for the resource of its path ({@code /api/v1/tickets/…} is {@code Tickets}), and the
 * problem responses it can give, each an {@code application/problem+json} {@value #PROBLEM} with the {@code code}
 * values of that status. Which problems an operation can give follows from its shape: every call can be refused
 * 401, 403, 429 and 503 at the gateway or the service; parameters and bodies can be 400; a body can be 413 or 415;
 * a path naming a record can be 404; a write can be 409; {@code If-Match} brings 412 (and 428 where it is
 * required); {@code Idempotency-Key} brings 422.
 */
public final class ApiConventions {

    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "FieldError";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;
    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final String API_PREFIX = "/api/v1/";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** Each problem status: what it means, and the codes it carries. */
    private static final Map<String, String> PROBLEMS = new TreeMap<>(Map.ofEntries(
            Map.entry("400", "The request is malformed or has invalid fields: `VALIDATION_FAILED` (each field in "
                    + "`errors` with what is allowed), `UNKNOWN_FIELD`, `MALFORMED_BODY`, `MALFORMED_MULTIPART`, "
                    + "`MALFORMED_REQUEST`."),
            Map.entry("401", "No valid bearer token (missing, expired, badly signed, another issuer or audience): "
                    + "`UNAUTHENTICATED`, with `WWW-Authenticate: Bearer`."),
            Map.entry("403", "The caller's role may not do this: `FORBIDDEN`. Decided before the body is read."),
            Map.entry("404", "No such record, or not the caller's to see (another organisation's, another "
                    + "engineer's): `NOT_FOUND`, or a more specific `…_NOT_FOUND`."),
            Map.entry("409", "The record's state does not allow this now: `ILLEGAL_TRANSITION` (with `allowedNext`), "
                    + "the code of the rule that stands in the way (such as `VISIT_INCOMPLETE` with `missingSteps`), "
                    + "`CONCURRENT_CHANGE`, or `IDEMPOTENCY_KEY_IN_USE` while a request with the same key is still "
                    + "running."),
            Map.entry("412", "The `If-Match` ETag is not the record's current version: `PRECONDITION_FAILED`, with "
                    + "`currentETag`. Read the record again and retry."),
            Map.entry("413", "The body is larger than allowed: `BODY_TOO_LARGE` (`EVIDENCE_TOO_LARGE` for files)."),
            Map.entry("415", "The body is not of a media type this operation accepts: `UNSUPPORTED_MEDIA_TYPE`."),
            Map.entry("422", "The request cannot be taken as it is: `IDEMPOTENCY_KEY_REUSED` (the key was used "
                    + "with another body) or `DISCOURTEOUS_TEXT` (a text for the customer breaks the courtesy "
                    + "rules; `findings` says where)."),
            Map.entry("428", "This operation requires `If-Match` with the ETag the caller read: "
                    + "`PRECONDITION_REQUIRED`."),
            Map.entry("429", "More requests than the client's allowance: `RATE_LIMITED` (or `TOO_MANY_UPLOADS`), "
                    + "with `Retry-After` in seconds."),
            Map.entry("503", "The service cannot answer now (unreachable, its circuit breaker open, the gateway "
                    + "busy, the identity provider unreachable): `SERVICE_UNAVAILABLE`, `GATEWAY_BUSY`, "
                    + "`IDENTITY_PROVIDER_UNAVAILABLE`. Retry later.")));

    private ApiConventions() {
    }

    /** Tags every operation by resource and adds the problem responses it can give, with their schema. */
    public static void apply(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas(FIELD_ERROR, fieldErrorSchema()).addSchemas(PROBLEM, problemSchema());
        Set<String> sharedExamples = openApi.getComponents().getExamples() == null ? Set.of()
                : openApi.getComponents().getExamples().keySet();
        Set<String> used = new LinkedHashSet<>();
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String tag = tagOf(path);
            operation.setTags(List.of(tag));
            operation.setOperationId(operationIdOf(path, operation.getOperationId()));
            used.add(tag);
            addProblems(path, method, operation, sharedExamples);
        }));
        Map<String, Tag> tags = new LinkedHashMap<>();
        if (openApi.getTags() != null) {
            openApi.getTags().stream().filter(tag -> used.contains(tag.getName()))
                    .forEach(tag -> tags.put(tag.getName(), tag));
        }
        used.forEach(name -> tags.computeIfAbsent(name, n -> new Tag().name(n)));
        openApi.setTags(new ArrayList<>(tags.values()));
        dropUnusedExamples(openApi);
    }

    /** The chassis's shared examples that no operation of this service shows are left out of its description. */
    private static void dropUnusedExamples(OpenAPI openApi) {
        Map<String, Example> examples = openApi.getComponents().getExamples();
        if (examples == null) {
            return;
        }
        Set<String> shown = new LinkedHashSet<>();
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            List<Content> contents = new ArrayList<>();
            if (operation.getRequestBody() != null) {
                contents.add(operation.getRequestBody().getContent());
            }
            if (operation.getResponses() != null) {
                operation.getResponses().values().forEach(response -> contents.add(response.getContent()));
            }
            contents.stream().filter(content -> content != null).flatMap(content -> content.values().stream())
                    .filter(media -> media.getExamples() != null)
                    .flatMap(media -> media.getExamples().values().stream())
                    .filter(example -> example.get$ref() != null)
                    .forEach(example -> shown.add(example.get$ref().substring(example.get$ref().lastIndexOf('/') + 1)));
        }));
        examples.keySet().retainAll(shown);
    }

    /**
     * The resource a path is about, as a tag: the first segment after {@code /api/v1/} ({@code knowledge},
     * {@code dead-letters} after {@code admin/{service}}), capitalised, hyphens as spaces.
     */
    static String tagOf(String path) {
        if (!path.startsWith(API_PREFIX)) {
            return "Other";
        }
        String[] segments = path.substring(API_PREFIX.length()).split("/");
        String resource = segments[0].equals("admin") && segments.length > 2 ? segments[2] : segments[0];
        String words = resource.replace('-', ' ');
        return words.isEmpty() ? "Other" : words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }

    /**
     * Every service serves the chassis's administration operations under {@code /api/v1/admin/{service}/}; their
     * names carry the service ({@code intakeListDeadLetters}), so that they stay unique in the merged description.
     */
    static String operationIdOf(String path, String operationId) {
        String admin = API_PREFIX + "admin/";
        if (operationId == null || !path.startsWith(admin)) {
            return operationId;
        }
        String service = path.substring(admin.length()).split("/")[0];
        return operationId.startsWith(service) ? operationId
                : service + operationId.substring(0, 1).toUpperCase(Locale.ROOT) + operationId.substring(1);
    }

    /** The problem statuses an operation of this shape can answer with. */
    static Set<String> problemsOf(String path, PathItem.HttpMethod method, Operation operation) {
        Set<String> statuses = new LinkedHashSet<>(List.of("401", "403", "429", "503"));
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean body = operation.getRequestBody() != null;
        if (body || !parameters.isEmpty()) {
            statuses.add("400");
        }
        if (path.contains("{")) {
            statuses.add("404");
        }
        if (method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD) {
            statuses.add("409");
        }
        if (body) {
            statuses.add("413");
            statuses.add("415");
        }
        for (Parameter parameter : parameters) {
            if ("header".equals(parameter.getIn()) && HttpHeaders.IF_MATCH.equalsIgnoreCase(parameter.getName())) {
                statuses.add("412");
                if (Boolean.TRUE.equals(parameter.getRequired())) {
                    statuses.add("428");
                }
            }
            if ("header".equals(parameter.getIn()) && IDEMPOTENCY_KEY.equalsIgnoreCase(parameter.getName())) {
                statuses.add("409");
                statuses.add("422");
            }
        }
        return statuses;
    }

    /** The chassis's problem examples ({@code problem-examples.json}) each status shows when it has none of its own. */
    private static final Map<String, String> EXAMPLES = Map.of("400", "ValidationFailed", "401", "Unauthenticated",
            "403", "Forbidden", "404", "NotFound", "409", "IllegalTransition", "422", "IdempotencyKeyReused");

    private static void addProblems(String path, PathItem.HttpMethod method, Operation operation,
            Set<String> sharedExamples) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        ApiResponses responses = operation.getResponses();
        Set<String> statuses = new LinkedHashSet<>(problemsOf(path, method, operation));
        // a problem the examples already show (a 428 the service requires, a 422 of the courtesy check) stays
        responses.keySet().stream().filter(PROBLEMS::containsKey).forEach(statuses::add);
        Map<String, ApiResponse> ordered = new TreeMap<>(responses);
        for (String status : statuses) {
            ApiResponse response = ordered.computeIfAbsent(status, s -> new ApiResponse());
            response.setDescription(PROBLEMS.get(status));
            MediaType problem = response.getContent() == null ? null : response.getContent().get(PROBLEM_JSON);
            MediaType media = problem == null ? new MediaType() : problem;
            media.setSchema(new Schema<>().$ref(PROBLEM_REF));
            String shared = EXAMPLES.get(status);
            if (shared != null && sharedExamples.contains(shared)
                    && (media.getExamples() == null || media.getExamples().isEmpty())) {
                media.addExamples(shared, new Example().$ref("#/components/examples/" + shared));
            }
            // springdoc lists the advice's produced types beside it; a problem is only ever problem+json
            response.setContent(new Content().addMediaType(PROBLEM_JSON, media));
            if (status.equals("429")) {
                response.addHeaderObject(HttpHeaders.RETRY_AFTER, new Header()
                        .description("Seconds to wait before the next request.").schema(new IntegerSchema()));
            }
        }
        ApiResponses sorted = new ApiResponses();
        ordered.forEach(sorted::addApiResponse);
        operation.setResponses(sorted);
    }

    private static Schema<?> problemSchema() {
        Schema<?> schema = new ObjectSchema()
                .description("An RFC 9457 problem document. `code` is stable and machine-readable; the other "
                        + "properties depend on it.")
                .addProperty("type", new StringSchema().description("A URI naming the kind of problem; "
                        + "`about:blank` where `code` says it all."))
                .addProperty("title", new StringSchema().description("The HTTP status's phrase."))
                .addProperty("status", new IntegerSchema().description("The HTTP status code."))
                .addProperty("detail", new StringSchema().description("What went wrong, in a sentence."))
                .addProperty("instance", new StringSchema().description("The path of the request."))
                .addProperty("code", new StringSchema().description("What went wrong, for programs: "
                        + "`VALIDATION_FAILED`, `NOT_FOUND`, `ILLEGAL_TRANSITION`, … (each response lists its own).")
                        .example("VALIDATION_FAILED"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/"
                        + FIELD_ERROR)).description("With `VALIDATION_FAILED` and `UNKNOWN_FIELD`: each field "
                        + "that is wrong."))
                .addProperty("allowedNext", new ArraySchema().items(new StringSchema())
                        .description("With `ILLEGAL_TRANSITION`: the steps the record allows next."))
                .addProperty("currentStatus", new StringSchema()
                        .description("With `ILLEGAL_TRANSITION` and other conflicts: the record's status now."))
                .addProperty("currentETag", new StringSchema()
                        .description("With `PRECONDITION_FAILED`: the record's current ETag."))
                .addProperty("missingSteps", new ArraySchema().items(new StringSchema())
                        .description("With `VISIT_INCOMPLETE`: every step still missing."))
                .addProperty("field", new StringSchema()
                        .description("With `DISCOURTEOUS_TEXT`: the field whose text was refused."))
                .addProperty("findings", new ArraySchema().items(new ObjectSchema())
                        .description("With `DISCOURTEOUS_TEXT`: what may not be said, where, and what to say instead."))
                .addProperty("service", new StringSchema()
                        .description("From the gateway, when a service cannot answer: which one."));
        schema.setRequired(List.of("status", "code"));
        return schema;
    }

    private static Schema<?> fieldErrorSchema() {
        Schema<?> schema = new ObjectSchema().description("One field of the request that is wrong.")
                .addProperty("field", new StringSchema().description("The field's path in the body, such as "
                        + "`how.impact` or `assetIds[0]`, or the parameter's name.").example("how.impact"))
                .addProperty("message", new StringSchema().description("What is wrong, and what is allowed.")
                        .example("must be one of HIGH, MEDIUM, LOW"));
        schema.setRequired(List.of("field", "message"));
        return schema;
    }
}
