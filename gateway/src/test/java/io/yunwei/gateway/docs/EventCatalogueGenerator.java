package io.yunwei.gateway.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the AsyncAPI 3 event catalogue from the services' sources, so it cannot drift from them: every
 * {@code public static final String X = "….v1"} in a service's {@code *Events.java} is a message on the service's
 * topic ({@code yunwei.events.topic} in its application.yml), with the payload record it is raised with
 * ({@code raise(XEvents.X, new Payload(…)} or {@code announce(…)}) described as a JSON Schema, and the CloudEvents
 * Kafka headers the chassis's relay writes. Reading sources rather than classes keeps the services' runtime
 * dependencies off the gateway's class path.
 */
final class EventCatalogueGenerator {

    static final List<String> SERVICES = List.of("intake", "dispatch", "field", "followup");

    private static final Pattern CONSTANT = Pattern.compile(
            "public\\s+static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*\"([a-z0-9.-]+\\.v\\d+)\"\\s*;");
    private static final Pattern TOPIC = Pattern.compile("(?m)^\\s+topic:\\s*([\\w.-]+)\\s*$");
    private static final Pattern RAISED_WITH = Pattern.compile("(\\w+Events)\\.(\\w+)\\s*,\\s*new\\s+(\\w+)\\s*\\(");
    private static final Pattern RAISED_EITHER = Pattern.compile(
            "\\?\\s*(\\w+Events)\\.(\\w+)\\s*:\\s*(\\w+Events)\\.(\\w+)\\s*,\\s*new\\s+(\\w+)\\s*\\(");
    private static final Pattern RAISED_VIA_METHOD = Pattern.compile("(\\w+Events)\\.(\\w+)\\s*,\\s*(\\w+)\\s*\\(");
    private static final Pattern RAISED_LITERAL = Pattern.compile("(?:raise|announce)\\(\\s*\"([a-z0-9.-]+\\.v\\d+)\"");
    private static final Pattern DECLARATION = Pattern.compile("\\b(record|enum)\\s+(\\w+)\\s*[(<{]");
    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*((?:[^*]|\\*(?!/))*)\\*/\\s*(?:@\\w+\\s*)*public\\s+record\\s+(\\w+)");

    private final Path root;

    EventCatalogueGenerator(Path root) {
        this.root = root;
    }

    /** One event type as found in the sources. */
    record EventType(String service, String topic, String type, String constant, String payload, boolean raised) {
    }

    List<EventType> types() {
        List<EventType> types = new ArrayList<>();
        for (String service : SERVICES) {
            Sources sources = sources(service);
            String topic = topic(service);
            for (Map.Entry<Path, String> file : sources.files.entrySet()) {
                String name = file.getKey().getFileName().toString();
                if (!name.endsWith("Events.java")) {
                    continue;
                }
                String events = name.substring(0, name.length() - ".java".length());
                Matcher constant = CONSTANT.matcher(file.getValue());
                while (constant.find()) {
                    String reference = events + "." + constant.group(1);
                    types.add(new EventType(service, topic, constant.group(2), reference,
                            sources.payloads.get(reference), sources.raised(reference, constant.group(2))));
                }
            }
        }
        return types;
    }

    /** The AsyncAPI 3.0 document, as pretty-printed JSON with a stable order. */
    String asyncApi() {
        List<EventType> types = types();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("asyncapi", "3.0.0");
        document.put("info", map(
                "title", "Yunwei events",
                "version", "v1",
                "description", "Every event a Yunwei service publishes. Each service is the only writer of its topic; "
                        + "every event of a ticket carries the ticket id as the Kafka key and as ce_subject, and the "
                        + "ticket's per-topic sequence number in ce_sequence, so consumers keep order and drop "
                        + "duplicates. Payloads are JSON; fields are added, never renamed (a breaking change gets a "
                        + "new .vN type). Generated from the services' sources by the gateway's EventCatalogueTest."));
        document.put("defaultContentType", "application/json");
        document.put("servers", map("local", map("host", "localhost:9092", "protocol", "kafka",
                "description", "The local stack's broker (deploy/local/run)")));

        Map<String, Object> channels = new LinkedHashMap<>();
        Map<String, Object> operations = new LinkedHashMap<>();
        Map<String, Object> messages = new TreeMap<>();
        Map<String, Object> schemas = new TreeMap<>();
        schemas.put("CloudEventsHeaders", headers());
        for (String service : SERVICES) {
            List<EventType> own = types.stream().filter(t -> t.service().equals(service) && t.raised()).toList();
            if (own.isEmpty()) {
                continue;
            }
            String topic = own.getFirst().topic();
            Sources sources = sources(service);
            Map<String, Object> channelMessages = new TreeMap<>();
            List<Object> sent = new ArrayList<>();
            for (EventType type : own) {
                channelMessages.put(type.type(), ref("#/components/messages/" + type.type()));
                sent.add(ref("#/channels/" + topic + "/messages/" + type.type()));
                messages.put(type.type(), message(type, sources, schemas));
            }
            channels.put(topic, map(
                    "address", topic,
                    "title", topic,
                    "description", "Written only by " + service + "-service, through its outbox relay; keyed by ticket id.",
                    "messages", channelMessages));
            operations.put(service + "-service.publishes", map(
                    "action", "send",
                    "title", service + "-service publishes",
                    "channel", ref("#/channels/" + topic),
                    "messages", sent));
        }
        document.put("channels", channels);
        document.put("operations", operations);
        document.put("components", map("messages", messages, "schemas", schemas));
        return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsString(document) + "\n";
    }

    private Map<String, Object> message(EventType type, Sources sources, Map<String, Object> schemas) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("name", type.type());
        message.put("title", type.type());
        String doc = type.payload() == null ? null : sources.javadoc.get(type.payload());
        message.put("summary", doc != null ? doc : "Published on " + type.topic() + " by " + type.service() + "-service.");
        message.put("contentType", "application/json");
        message.put("headers", ref("#/components/schemas/CloudEventsHeaders"));
        if (type.payload() != null && sources.declarations.containsKey(type.payload())) {
            message.put("payload", ref("#/components/schemas/" + schema(type.payload(), sources, schemas)));
        } else {
            message.put("payload", map("type", "object"));
        }
        message.put("bindings", map("kafka", map("key", map("type", "string",
                "description", "The ticket id (the same as ce_subject)"))));
        message.put("x-java-constant", type.constant());
        return message;
    }

    /** Adds the JSON Schema of a record or enum declared in the service, and of the types it uses; returns its name. */
    private String schema(String javaName, Sources sources, Map<String, Object> schemas) {
        String name = javaName;
        Object existing = schemas.get(name);
        Map<String, Object> schema = sources.schemaOf(javaName);
        if (existing != null && !existing.equals(schema)) {
            name = sources.service + "." + javaName;
        }
        if (schemas.containsKey(name)) {
            return name;
        }
        schemas.put(name, schema);
        for (String used : sources.usedTypes(javaName)) {
            String usedName = schema(used, sources, schemas);
            if (!usedName.equals(used)) {
                // a clash renamed the used type: point at its qualified name
                schemas.put(name, rename(schema, used, usedName));
            }
        }
        return name;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rename(Map<String, Object> schema, String from, String to) {
        String json = JsonMapper.shared().writeValueAsString(schema)
                .replace("\"#/components/schemas/" + from + "\"", "\"#/components/schemas/" + to + "\"");
        return JsonMapper.shared().readValue(json, Map.class);
    }

    private static Map<String, Object> headers() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("ce_id", header("The event's unique id (CloudEvents id)"));
        properties.put("ce_type", header("The versioned wire name, e.g. ticket.opened.v1 (CloudEvents type)"));
        properties.put("ce_source", header("The producing service, e.g. /yunwei/intake-service (CloudEvents source)"));
        properties.put("ce_subject", header("The ticket id, also the Kafka key (CloudEvents subject)"));
        properties.put("ce_time", map("type", "string", "format", "date-time",
                "description", "When it happened, ISO-8601 (CloudEvents time)"));
        properties.put("ce_specversion", map("type", "string", "const", "1.0"));
        properties.put("ce_sequence", map("type", "string", "pattern", "^[0-9]+$",
                "description", "The ticket's sequence number on this topic (CloudEvents sequence extension): "
                        + "consumers drop what they have applied and see gaps"));
        properties.put("content-type", map("type", "string", "const", "application/json"));
        properties.put("x-request-id", header("The X-Request-Id of the HTTP request that caused it, when there was one"));
        properties.put("traceparent", header("W3C trace context: the trace of the request or event that caused it"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("description", "CloudEvents Kafka binding (binary mode) headers, written by the chassis's outbox relay");
        schema.put("required", List.of("ce_id", "ce_type", "ce_source", "ce_subject", "ce_time", "ce_specversion",
                "ce_sequence"));
        schema.put("properties", properties);
        return schema;
    }

    private static Map<String, Object> header(String description) {
        return map("type", "string", "description", description);
    }

    /** Map.of keeps no order from one JVM to the next; the catalogue must come out the same every time. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> ref(String target) {
        return map("$ref", target);
    }

    private String topic(String service) {
        String yml = read(root.resolve(service + "-service/src/main/resources/application.yml"));
        Matcher topic = TOPIC.matcher(yml);
        if (!topic.find()) {
            throw new IllegalStateException(service + "-service names no yunwei.events.topic");
        }
        return topic.group(1);
    }

    private final Map<String, Sources> sourcesByService = new LinkedHashMap<>();

    private Sources sources(String service) {
        return sourcesByService.computeIfAbsent(service, s -> new Sources(s, root.resolve(s + "-service/src/main/java")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One service's main sources, indexed by what the catalogue needs. */
    private static final class Sources {

        final String service;
        final Map<Path, String> files = new TreeMap<>();
        final Map<String, String> payloads = new LinkedHashMap<>();
        final Map<String, String> declarations = new LinkedHashMap<>();
        final Map<String, String> javadoc = new LinkedHashMap<>();
        private final String all;

        Sources(String service, Path dir) {
            this.service = service;
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.filter(p -> p.toString().endsWith(".java")).forEach(p -> files.put(p, read(p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            StringBuilder text = new StringBuilder();
            files.values().forEach(source -> text.append(source).append('\n'));
            all = text.toString();
            Matcher with = RAISED_WITH.matcher(all);
            while (with.find()) {
                payloads.putIfAbsent(with.group(1) + "." + with.group(2), with.group(3));
            }
            Matcher either = RAISED_EITHER.matcher(all);
            while (either.find()) {
                payloads.putIfAbsent(either.group(1) + "." + either.group(2), either.group(5));
                payloads.putIfAbsent(either.group(3) + "." + either.group(4), either.group(5));
            }
            Matcher declaration = DECLARATION.matcher(all);
            while (declaration.find()) {
                declarations.putIfAbsent(declaration.group(2), declaration.group(1));
            }
            // raise(XEvents.X, payloadOf(…)): the payload is what that method returns
            Matcher via = RAISED_VIA_METHOD.matcher(all);
            while (via.find()) {
                Matcher method = Pattern.compile("\\b(\\w+)\\s+" + via.group(3) + "\\s*\\([^)]*\\)\\s*\\{").matcher(all);
                while (method.find()) {
                    if ("record".equals(declarations.get(method.group(1)))) {
                        payloads.putIfAbsent(via.group(1) + "." + via.group(2), method.group(1));
                        break;
                    }
                }
            }
            Matcher doc = JAVADOC.matcher(all);
            while (doc.find()) {
                javadoc.putIfAbsent(doc.group(2), doc.group(1).replaceAll("(?m)^\\s*\\*\\s?", " ")
                        .replaceAll("\\{@\\w+\\s+([^}]*)}", "$1").replaceAll("\\s+", " ").trim());
            }
        }

        /** Raised: its constant (or wire name) is used in the service's code outside the declaration. */
        boolean raised(String reference, String type) {
            String constant = reference.substring(reference.indexOf('.') + 1);
            String events = reference.substring(0, reference.indexOf('.'));
            Matcher literal = RAISED_LITERAL.matcher(all);
            while (literal.find()) {
                if (literal.group(1).equals(type)) {
                    return true;
                }
            }
            // inside the events class itself a constant may be used unqualified
            return Pattern.compile("\\b" + Pattern.quote(reference) + "\\b").matcher(all).find()
                    || Pattern.compile("\\b" + constant + "\\b").matcher(body(events)).results().count() > 1;
        }

        private String body(String events) {
            return files.entrySet().stream().filter(f -> f.getKey().getFileName().toString().equals(events + ".java"))
                    .map(Map.Entry::getValue).findFirst().orElse("");
        }

        Map<String, Object> schemaOf(String name) {
            String kind = declarations.get(name);
            if ("enum".equals(kind)) {
                Map<String, Object> schema = new LinkedHashMap<>();
                schema.put("type", "string");
                schema.put("enum", enumConstants(name));
                return schema;
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            List<String> required = new ArrayList<>();
            for (String[] component : components(name)) {
                properties.put(component[1], typeSchema(component[0]));
                if (Character.isLowerCase(component[0].charAt(0)) && !component[0].contains("<")) {
                    required.add(component[1]);
                }
            }
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "object");
            if (javadoc.containsKey(name)) {
                schema.put("description", javadoc.get(name));
            }
            schema.put("properties", properties);
            if (!required.isEmpty()) {
                schema.put("required", required);
            }
            return schema;
        }

        Set<String> usedTypes(String name) {
            Set<String> used = new TreeSet<>();
            if (!"record".equals(declarations.get(name))) {
                return used;
            }
            for (String[] component : components(name)) {
                Matcher word = Pattern.compile("\\b([A-Z]\\w*)\\b").matcher(component[0]);
                while (word.find()) {
                    if (declarations.containsKey(word.group(1)) && !word.group(1).equals(name)) {
                        used.add(word.group(1));
                    }
                }
            }
            return used;
        }

        private Object typeSchema(String type) {
            String t = type.trim();
            if (t.endsWith("[]")) {
                return map("type", "array", "items", typeSchema(t.substring(0, t.length() - 2)));
            }
            int generic = t.indexOf('<');
            if (generic > 0) {
                String raw = t.substring(0, generic).trim();
                List<String> arguments = splitTopLevel(t.substring(generic + 1, t.lastIndexOf('>')));
                if (raw.equals("Map")) {
                    return map("type", "object", "additionalProperties", typeSchema(arguments.getLast()));
                }
                return map("type", "array", "items", typeSchema(arguments.getFirst()));
            }
            return switch (t) {
                case "String", "char", "Character" -> map("type", "string");
                case "Instant", "OffsetDateTime", "ZonedDateTime" -> map("type", "string", "format", "date-time");
                case "LocalDate" -> map("type", "string", "format", "date");
                case "LocalTime" -> map("type", "string", "format", "time");
                case "Duration" -> map("type", "string", "format", "duration");
                case "int", "long", "short", "Integer", "Long", "Short" -> map("type", "integer");
                case "double", "float", "Double", "Float", "BigDecimal" -> map("type", "number");
                case "boolean", "Boolean" -> map("type", "boolean");
                case "Object", "JsonNode" -> map();
                default -> declarations.containsKey(simple(t)) ? ref("#/components/schemas/" + simple(t))
                        : map("type", "object", "description", "Java type " + t);
            };
        }

        private static String simple(String type) {
            return type.substring(type.lastIndexOf('.') + 1);
        }

        /** A record's components as {type, name}, annotations dropped. */
        private List<String[]> components(String name) {
            Matcher start = Pattern.compile("\\brecord\\s+" + name + "\\s*(?:<[^>]*>)?\\s*\\(").matcher(all);
            if (!start.find()) {
                return List.of();
            }
            int depth = 1;
            int i = start.end();
            while (i < all.length() && depth > 0) {
                char c = all.charAt(i++);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
            String header = all.substring(start.end(), i - 1)
                    .replaceAll("@\\w+(\\.\\w+)*(\\s*\\([^)]*\\))?", " ")
                    .replaceAll("//[^\\n]*", " ")
                    .replaceAll("\\s+", " ").trim();
            List<String[]> components = new ArrayList<>();
            if (header.isEmpty()) {
                return components;
            }
            for (String component : splitTopLevel(header)) {
                String c = component.trim();
                int space = c.lastIndexOf(' ');
                components.add(new String[] { c.substring(0, space).trim(), c.substring(space + 1).trim() });
            }
            return components;
        }

        private List<String> enumConstants(String name) {
            Matcher start = Pattern.compile("\\benum\\s+" + name + "\\s*(?:implements[^{]*)?\\{").matcher(all);
            if (!start.find()) {
                return List.of();
            }
            int end = all.indexOf(';', start.end());
            int close = all.indexOf('}', start.end());
            String body = all.substring(start.end(), end < 0 || (close >= 0 && close < end) ? close : end);
            List<String> constants = new ArrayList<>();
            for (String part : splitTopLevel(body.replaceAll("//[^\\n]*", " ").replaceAll("/\\*(?:[^*]|\\*(?!/))*\\*/", " "))) {
                String constant = part.trim().replaceAll("\\s*\\(.*", "");
                if (constant.matches("[A-Z][A-Z0-9_]*")) {
                    constants.add(constant);
                }
            }
            return constants;
        }

        private static List<String> splitTopLevel(String text) {
            List<String> parts = new ArrayList<>();
            int depth = 0;
            int from = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '<' || c == '(') {
                    depth++;
                } else if (c == '>' || c == ')') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    parts.add(text.substring(from, i));
                    from = i + 1;
                }
            }
            parts.add(text.substring(from));
            return parts;
        }
    }
}
