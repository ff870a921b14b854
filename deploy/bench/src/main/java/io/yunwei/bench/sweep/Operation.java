package io.yunwei.bench.sweep;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** One operation of a service's OpenAPI document: method, path template, parameters and JSON body schema. */
record Operation(String service, String method, String path, List<Parameter> parameters, JsonNode bodySchema,
        List<String> bodyTypes, Schemas schemas) {

    record Parameter(String name, String in, JsonNode schema, boolean required) {
    }

    String key() {
        return method + " " + path;
    }

    /** The collection a path parameter belongs to: the segment before it ({@code visits} for {@code /visits/{id}}). */
    static String collectionOf(String path, String parameter) {
        String[] segments = path.split("/");
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].equals("{" + parameter + "}")) {
                return segments[i - 1];
            }
        }
        return "";
    }

    static List<Operation> read(String service, JsonNode document, Fixtures fixtures) {
        Schemas schemas = new Schemas(document, fixtures);
        List<Operation> operations = new ArrayList<>();
        for (var path : document.path("paths").properties()) {
            for (var method : path.getValue().properties()) {
                String verb = method.getKey().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(verb)) {
                    continue;
                }
                JsonNode op = method.getValue();
                List<Parameter> parameters = new ArrayList<>();
                List<JsonNode> all = new ArrayList<>();
                path.getValue().path("parameters").forEach(all::add);
                op.path("parameters").forEach(all::add);
                for (JsonNode p : all) {
                    JsonNode resolved = schemas.resolve(p);
                    parameters.add(new Parameter(resolved.path("name").asString(), resolved.path("in").asString(),
                            schemas.resolve(resolved.path("schema")), resolved.path("required").asBoolean(false)));
                }
                JsonNode content = schemas.resolve(op.path("requestBody")).path("content");
                List<String> types = new ArrayList<>();
                content.propertyNames().forEach(types::add);
                JsonNode body = null;
                for (String type : types) {
                    if (type.contains("json")) {
                        body = content.path(type).path("schema");
                    }
                }
                operations.add(new Operation(service, verb, path.getKey(), parameters, body, types, schemas));
            }
        }
        return operations;
    }
}
