package io.yunwei.followup.archive;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Reads another service's payload without insisting on its shape: a missing field, a null or a value of an
 * unexpected type reads as "not said", so a producer adding or changing fields never stops the archive.
 */
final class Payload {

    private final JsonNode node;

    Payload(JsonNode node) {
        this.node = node;
    }

    boolean has(String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && !value.isNull() && !value.isMissingNode();
    }

    String text(String otherwise, String field) {
        if (!has(field)) {
            return otherwise;
        }
        JsonNode value = node.get(field);
        return value.isValueNode() ? value.asString() : otherwise;
    }

    int number(String field, int otherwise) {
        return has(field) && node.get(field).isNumber() ? node.get(field).asInt() : otherwise;
    }

    Instant instant(String field, Instant otherwise) {
        String value = text(null, field);
        if (value == null) {
            return otherwise;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return otherwise;
        }
    }

    List<String> texts(String field) {
        List<String> values = new ArrayList<>();
        if (has(field) && node.get(field).isArray()) {
            node.get(field).forEach(v -> {
                if (v.isValueNode() && !v.isNull()) {
                    values.add(v.asString());
                }
            });
        }
        return values;
    }

    /** The given field of each object in an array, such as the titles of the options offered. */
    List<String> texts(String arrayField, String field) {
        return children(arrayField).stream().map(c -> c.text(null, field)).filter(v -> v != null).toList();
    }

    Payload child(String field) {
        return new Payload(has(field) && node.get(field).isObject() ? node.get(field) : null);
    }

    List<Payload> children(String field) {
        List<Payload> children = new ArrayList<>();
        if (has(field) && node.get(field).isArray()) {
            node.get(field).forEach(v -> {
                if (v.isObject()) {
                    children.add(new Payload(v));
                }
            });
        }
        return children;
    }
}
