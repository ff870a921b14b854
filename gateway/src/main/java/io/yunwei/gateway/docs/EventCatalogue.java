package io.yunwei.gateway.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the AsyncAPI 3 catalogue of every event the services publish, at {@code /docs/events}, and a readable page of
 * it at {@code /docs/events.html}. The document is generated from the services' sources and checked against them by
 * the gateway's {@code EventCatalogueTest}, so it cannot drift from what is raised.
 */
@RestController
class EventCatalogue {

    static final String DOCUMENT = "docs/events.asyncapi.json";

    private final byte[] json;
    private final String html;

    EventCatalogue(JsonMapper mapper) {
        try (InputStream in = new ClassPathResource(DOCUMENT).getInputStream()) {
            json = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The event catalogue " + DOCUMENT + " is missing", e);
        }
        html = render(mapper.readTree(json));
    }

    @GetMapping(path = "/docs/events", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> asyncApi() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(MediaType.APPLICATION_JSON)
                .body(json);
    }

    @GetMapping(path = "/docs/events.html", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache())
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(html);
    }

    private static String render(JsonNode doc) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(text(doc.path("info").path("title"))).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}")
                .append("table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;")
                .append("text-align:left;vertical-align:top}code{background:#f4f4f4;padding:0 .2rem}h3{margin-bottom:.2rem}")
                .append("</style></head><body><h1>").append(text(doc.path("info").path("title"))).append(" (AsyncAPI ")
                .append(text(doc.path("asyncapi"))).append(")</h1><p>").append(text(doc.path("info").path("description")))
                .append("</p><p>Machine-readable: <a href=\"/docs/events\">/docs/events</a>. REST API: ")
                .append("<a href=\"/swagger-ui.html\">/swagger-ui.html</a>.</p>");
        JsonNode headers = doc.path("components").path("schemas").path("CloudEventsHeaders");
        out.append("<h2>Headers of every event</h2>").append(properties(headers, doc));
        for (Map.Entry<String, JsonNode> channel : doc.path("channels").properties()) {
            out.append("<h2 id=\"").append(escape(channel.getKey())).append("\">Topic <code>")
                    .append(escape(channel.getKey())).append("</code></h2><p>")
                    .append(text(channel.getValue().path("description"))).append("</p>");
            for (String type : channel.getValue().path("messages").propertyNames()) {
                JsonNode message = doc.path("components").path("messages").path(type);
                out.append("<h3 id=\"").append(escape(type)).append("\"><code>").append(escape(type))
                        .append("</code></h3><p>").append(text(message.path("summary"))).append("</p>");
                out.append(properties(resolve(doc, message.path("payload")), doc));
            }
        }
        return out.append("</body></html>").toString();
    }

    private static String properties(JsonNode schema, JsonNode doc) {
        StringBuilder table = new StringBuilder("<table><tr><th>field</th><th>type</th><th>description</th></tr>");
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            table.append("<tr><td><code>").append(escape(property.getKey())).append("</code></td><td>")
                    .append(type(property.getValue(), doc)).append("</td><td>")
                    .append(text(property.getValue().path("description"))).append("</td></tr>");
        }
        return table.append("</table>").toString();
    }

    private static String type(JsonNode schema, JsonNode doc) {
        if (schema.has("$ref")) {
            String name = schema.path("$ref").asString().substring(schema.path("$ref").asString().lastIndexOf('/') + 1);
            JsonNode target = resolve(doc, schema);
            if (target.has("enum")) {
                StringBuilder values = new StringBuilder();
                target.path("enum").forEach(v -> values.append(values.isEmpty() ? "" : " | ").append(v.asString()));
                return escape(name) + ": " + escape(values.toString());
            }
            StringBuilder fields = new StringBuilder();
            target.path("properties").propertyNames().forEach(f -> fields.append(fields.isEmpty() ? "" : ", ").append(f));
            return escape(name) + " {" + escape(fields.toString()) + "}";
        }
        if ("array".equals(schema.path("type").asString())) {
            return "array of " + type(schema.path("items"), doc);
        }
        if (schema.has("additionalProperties")) {
            return "map of " + type(schema.path("additionalProperties"), doc);
        }
        String format = schema.path("format").asString("");
        return escape(schema.path("type").asString("any") + (format.isEmpty() ? "" : " (" + format + ")"));
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        if (!schema.has("$ref")) {
            return schema;
        }
        return doc.at(schema.path("$ref").asString().substring(1));
    }

    private static String text(JsonNode node) {
        return escape(node.asString(""));
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, StandardCharsets.UTF_8.name());
    }
}
