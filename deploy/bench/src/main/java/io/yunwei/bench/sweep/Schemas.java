package io.yunwei.bench.sweep;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Reads OpenAPI 3.1 schemas: resolves references and builds a plausible valid value for a schema. */
final class Schemas {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private final JsonNode document;
    private final Fixtures fixtures;

    Schemas(JsonNode document, Fixtures fixtures) {
        this.document = document;
        this.fixtures = fixtures;
    }

    /** The schema itself, following a {@code $ref} into {@code components}. */
    JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int i = 0; i < 10 && current.has("$ref"); i++) {
            String ref = current.path("$ref").asString();
            JsonNode target = document;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part);
            }
            current = target;
        }
        if (current.has("allOf") && current.path("allOf").size() == 1) {
            return resolve(current.path("allOf").get(0));
        }
        if (current.has("oneOf") && !current.path("oneOf").isEmpty()) {
            return resolve(current.path("oneOf").get(0));
        }
        if (current.has("anyOf") && !current.path("anyOf").isEmpty()) {
            for (JsonNode option : current.path("anyOf")) {
                if (!"null".equals(type(resolve(option)))) {
                    return resolve(option);
                }
            }
        }
        return current;
    }

    /** The schema's type; OpenAPI 3.1 allows a list such as {@code ["string", "null"]}. */
    static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asString())) {
                    return t.asString();
                }
            }
            return "null";
        }
        if (type.isString()) {
            return type.asString();
        }
        if (schema.has("properties")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        return "string";
    }

    List<String> properties(JsonNode schema) {
        List<String> names = new ArrayList<>();
        resolve(schema).path("properties").propertyNames().forEach(names::add);
        return names;
    }

    List<String> required(JsonNode schema) {
        List<String> names = new ArrayList<>();
        resolve(schema).path("required").forEach(n -> names.add(n.asString()));
        return names;
    }

    JsonNode property(JsonNode schema, String name) {
        return resolve(resolve(schema).path("properties").path(name));
    }

    /** A value the operation should accept, by schema and, for ids and such, by the property's name. */
    JsonNode valid(JsonNode rawSchema, String name, int depth) {
        JsonNode schema = resolve(rawSchema);
        if (schema.has("enum") && !schema.path("enum").isEmpty()) {
            return schema.path("enum").get(0);
        }
        if (schema.has("const")) {
            return schema.path("const");
        }
        switch (type(schema)) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth > 5) {
                    return object;
                }
                for (String property : properties(schema)) {
                    object.set(property, valid(schema.path("properties").path(property), property, depth + 1));
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                array.add(valid(schema.path("items"), singular(name), depth + 1));
                return array;
            }
            case "integer", "number" -> {
                long min = schema.has("minimum") ? schema.path("minimum").asLong() : 1;
                long max = schema.has("maximum") ? schema.path("maximum").asLong() : Long.MAX_VALUE;
                return NODES.numberNode(Math.min(Math.max(min, 1), max));
            }
            case "boolean" -> {
                return NODES.booleanNode(!"faultRecurred".equals(name));
            }
            default -> {
                return NODES.stringNode(text(schema, name == null ? "" : name));
            }
        }
    }

    private String text(JsonNode schema, String name) {
        String format = schema.path("format").asString("");
        if (format.equals("date-time")) {
            return OffsetDateTime.now(ZoneOffset.ofHours(8)).plusHours(2).truncatedTo(ChronoUnit.MINUTES).toString();
        }
        if (format.equals("date")) {
            return LocalDate.now().plusDays(1).toString();
        }
        if (format.equals("email")) {
            return "sweep@example.com";
        }
        String lower = name.toLowerCase();
        String fixture = fixtures.forField(lower);
        if (fixture != null) {
            return fixture;
        }
        if (lower.equals("id")) {
            return "sweep-" + System.currentTimeMillis() % 100000 + "-" + UNIQUE.incrementAndGet();
        }
        if (lower.contains("phone")) {
            return "+86 138 0000 0009";
        }
        if (lower.contains("signature")) {
            return SIGNATURE;
        }
        if (lower.equals("locale")) {
            return "zh-CN";
        }
        if (lower.contains("zone")) {
            return "Asia/Shanghai";
        }
        if (lower.contains("area")) {
            return "310115";
        }
        int min = schema.path("minLength").asInt(1);
        return "您好，测试" + "x".repeat(Math.max(0, min - 5));
    }

    static final String SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private static String singular(String name) {
        if (name == null) {
            return "";
        }
        return name.endsWith("Ids") ? name.substring(0, name.length() - 1) : name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }
}
