package io.yunwei.gateway.docs;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges the services' OpenAPI descriptions into one: their paths, tags and components side by side, under the info
 * and servers given. The services split the API between them, so two of them describing one path or operation id, or
 * one component in two ways, is a fault in their descriptions: the merge refuses ({@link Clash}) rather than pick one.
 * A component they describe alike (the problem schema, the dead-letter views) is kept once.
 */
final class OpenApiMerge {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenApiMerge() {
    }

    /** Two services' descriptions that cannot both be true at once. */
    static final class Clash extends IllegalStateException {

        Clash(String message) {
            super(message);
        }
    }

    /**
     * @param documents each service's description, by service name, in the order they are to appear
     * @param info the merged description's {@code info}
     * @param servers the merged description's {@code servers}
     */
    static ObjectNode merge(Map<String, JsonNode> documents, ObjectNode info, ArrayNode servers) {
        ObjectNode merged = NODES.objectNode();
        merged.put("openapi", documents.values().stream().map(doc -> doc.path("openapi").asString("3.1.0"))
                .findFirst().orElse("3.1.0"));
        merged.set("info", info);
        merged.set("servers", servers);
        ArrayNode security = NODES.arrayNode();
        ArrayNode tags = NODES.arrayNode();
        ObjectNode paths = NODES.objectNode();
        ObjectNode components = NODES.objectNode();
        Map<String, String> pathOwners = new HashMap<>();
        Map<String, String> operationOwners = new HashMap<>();
        Map<String, String> componentOwners = new HashMap<>();
        Map<String, JsonNode> tagsByName = new LinkedHashMap<>();
        documents.forEach((service, document) -> {
            document.path("security").forEach(requirement -> {
                if (!contains(security, requirement)) {
                    security.add(requirement);
                }
            });
            document.path("tags").forEach(tag -> tagsByName.putIfAbsent(tag.path("name").asString(), tag));
            document.path("paths").properties().forEach(path -> {
                String owner = pathOwners.putIfAbsent(path.getKey(), service);
                if (owner != null) {
                    throw new Clash("Both " + owner + " and " + service + " describe the path " + path.getKey());
                }
                path.getValue().properties().forEach(operation -> {
                    String id = operation.getValue().path("operationId").asString("");
                    String other = id.isEmpty() ? null : operationOwners.putIfAbsent(id, service);
                    if (other != null) {
                        throw new Clash("Both " + other + " and " + service + " have an operation named " + id);
                    }
                });
                paths.set(path.getKey(), path.getValue());
            });
            document.path("components").properties().forEach(kind -> {
                ObjectNode ofKind = components.has(kind.getKey()) ? (ObjectNode) components.get(kind.getKey())
                        : components.putObject(kind.getKey());
                kind.getValue().properties().forEach(component -> {
                    JsonNode existing = ofKind.get(component.getKey());
                    if (existing == null) {
                        ofKind.set(component.getKey(), component.getValue());
                        componentOwners.put(kind.getKey() + "/" + component.getKey(), service);
                    } else if (!existing.equals(component.getValue())) {
                        throw new Clash("Both " + componentOwners.get(kind.getKey() + "/" + component.getKey())
                                + " and " + service + " describe components." + kind.getKey() + "."
                                + component.getKey() + ", differently");
                    }
                });
            });
        });
        tagsByName.values().forEach(tags::add);
        merged.set("security", security);
        merged.set("tags", tags);
        merged.set("paths", paths);
        merged.set("components", components);
        return merged;
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode element : array) {
            if (element.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
