package io.yunwei.bench.sweep;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import io.yunwei.bench.Gateway;
import io.yunwei.bench.Gateway.Call;
import io.yunwei.bench.Gateway.Framing;
import io.yunwei.bench.Gateway.Response;
import io.yunwei.bench.Options;
import io.yunwei.bench.Report;
import io.yunwei.bench.Target;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bad-input sweep: for every operation in the services' OpenAPI documents (read at the gateway's
 * {@code /docs/{service}}), generated malformed requests — wrong JSON types, missing required and unknown fields,
 * oversize strings and a 2 MB body (with its length and chunked), a body that stalls halfway, invalid enum values,
 * malformed ids and Idempotency-Keys, wrong content types, missing or forged tokens, transitions out of order, and
 * another tenant's or engineer's ids. It prints the status codes per endpoint; a 5xx, a connection failure, an error
 * that is not an RFC 9457 problem with a {@code code}, or another tenant's object answered 2xx is a failure, listed
 * with its request, and so is a circuit breaker at the gateway that the endpoint's bad input opened or made count a
 * failure. Exit code 1 on failures.
 *
 * <p>{@code java -cp … io.yunwei.bench.sweep.BadInputSweep [--gateway=URL] [--only=intake,field] [--out=dir]}
 */
public final class BadInputSweep {

    private static final List<String> SERVICES = List.of("intake", "dispatch", "field", "followup");
    private static final List<String> CLIENTS = List.of("agent", "admin", "dispatcher", "supervisor", "engineer-wang",
            "engineer-li", "customer-acme");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * What one case expects: nothing special, a refusal (4xx), invisibility to another tenant (not 2xx), or the
     * gateway's own refusal of a body too large (413 {@code BODY_TOO_LARGE}) or too slow (408 {@code REQUEST_TIMEOUT}).
     */
    enum Expect { ANY, REJECT, HIDDEN, NO_GLOBEX, TOO_LARGE, TIMED_OUT }

    record Case(String name, Call call, Expect expect) {
    }

    record Result(Operation operation, Case testCase, Response response, String verdict) {
    }

    private final Gateway gateway;
    private final Fixtures fixtures;
    private final List<Result> results = new ArrayList<>();
    private final Map<String, Map<Integer, Integer>> counts = new TreeMap<>();

    private BadInputSweep(Gateway gateway, Fixtures fixtures) {
        this.gateway = gateway;
        this.fixtures = fixtures;
    }

    public static void main(String[] args) {
        Options options = Options.parse(args);
        int failures;
        try (Target target = Target.open(options)) {
            Gateway gateway = target.gateway();
            Path out = Report.folder(options, "sweep");
            Fixtures fixtures = Fixtures.create(gateway);
            var sweep = new BadInputSweep(gateway, fixtures);
            List<String> services = options.has("only") ? List.of(options.string("only", "").split(",")) : SERVICES;
            for (String service : services) {
                Response docs = gateway.send(Call.of("GET", "/docs/" + service));
                if (docs.status() != 200) {
                    Report.log("no OpenAPI document for %s: %s", service, docs);
                    continue;
                }
                List<Operation> operations = Operation.read(service, docs.json(), fixtures);
                Report.log("%s: %d operations", service, operations.size());
                for (Operation operation : operations) {
                    sweep.sweep(operation);
                }
            }
            failures = sweep.report(out);
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    private void sweep(Operation op) {
        String client = chooseClient(op);
        Breakers before = breakers();
        for (Case c : cases(op, client)) {
            Response response = sendPolitely(c.call);
            String verdict = judge(c, response);
            if (c.expect == Expect.NO_GLOBEX && response.body() != null && response.body().contains(fixtures.globex.ticket())) {
                verdict = "FAIL: customer-acme's answer lists globex's ticket " + fixtures.globex.ticket();
            }
            results.add(new Result(op, c, response, verdict));
            counts.computeIfAbsent(op.key(), k -> new TreeMap<>()).merge(response.status(), 1, Integer::sum);
        }
        checkBreakers(op, before);
    }

    /** After each endpoint: nothing the sweep sent may have opened a breaker or counted as a service failing. */
    private void checkBreakers(Operation op, Breakers before) {
        Call metrics = Call.of("GET", "/actuator/prometheus");
        Response response = gateway.send(metrics);
        Breakers after = response.status() == 200 ? Breakers.parse(response.body()) : null;
        String verdict = after == null || after.states().isEmpty() ? "SKIPPED"
                : before == null ? "OK" : Objects.requireNonNullElse(after.problemSince(before), "OK");
        if (!verdict.equals("OK") && !verdict.equals("SKIPPED")) {
            verdict = "FAIL: " + verdict;
        }
        results.add(new Result(op, new Case("circuit breakers after the endpoint", metrics, Expect.ANY), response,
                verdict));
    }

    private Breakers breakers() {
        Response response = gateway.send(Call.of("GET", "/actuator/prometheus"));
        return response.status() == 200 ? Breakers.parse(response.body()) : null;
    }

    /** Retries 429s, so a deployment's rate limit does not masquerade as a finding. */
    private Response sendPolitely(Call call) {
        Response response;
        int attempts = 0;
        try {
            do {
                response = gateway.send(call);
                if (response.status() == 429) {
                    LockSupport.parkNanos(1_000_000_000L);
                }
            } while (response.status() == 429 && ++attempts < 10);
        } catch (IllegalArgumentException e) {
            // the JDK client refuses some headers outright; such a request cannot reach the system
            return new Response(-1, "", "not sendable: " + e.getMessage(), 0, Map.of());
        }
        return response;
    }

    static String judge(Case c, Response response) {
        int status = response.status();
        if (status == -1) {
            return "SKIPPED";
        }
        if (status == 0) {
            return "FAIL: no response (" + response.body() + ")";
        }
        if (status >= 500) {
            return "FAIL: " + status;
        }
        if (status >= 400) {
            if (!response.contentType().startsWith("application/problem+json")) {
                return "FAIL: error without problem+json (" + response.contentType() + ")";
            }
            if (response.text("code") == null) {
                return "FAIL: problem without code";
            }
        }
        if (c.expect == Expect.TOO_LARGE && !(status == 413 && "BODY_TOO_LARGE".equals(response.text("code")))) {
            return "FAIL: a body over the cap answered " + status + " instead of 413 BODY_TOO_LARGE";
        }
        if (c.expect == Expect.TIMED_OUT && !(status == 408 && "REQUEST_TIMEOUT".equals(response.text("code")))) {
            return "FAIL: a stalled body answered " + status + " instead of 408 REQUEST_TIMEOUT";
        }
        if (c.expect == Expect.HIDDEN && status >= 200 && status < 300) {
            return "FAIL: another tenant's object answered " + status;
        }
        if (c.expect == Expect.REJECT && status >= 200 && status < 300) {
            return "SUSPICIOUS: accepted " + status;
        }
        return "OK";
    }

    /** The first demo client the operation does not refuse (401/403), trying a valid request. */
    private String chooseClient(Operation op) {
        for (String client : CLIENTS) {
            Response probe = sendPolitely(request(op, client, fixtures.acmeOpen, true, validBody(op), true));
            if (probe.status() != 401 && probe.status() != 403) {
                return client;
            }
        }
        return "admin";
    }

    private String validBody(Operation op) {
        return op.bodySchema() == null ? null : op.schemas().valid(op.bodySchema(), "", 0).toString();
    }

    private Call request(Operation op, String client, Fixtures.Tenant tenant, boolean acmeSide, String body,
            boolean json) {
        String path = op.path();
        for (Operation.Parameter p : op.parameters()) {
            if (p.in().equals("path")) {
                path = path.replace("{" + p.name() + "}",
                        enc(fixtures.pathValue(Operation.collectionOf(op.path(), p.name()), tenant, acmeSide)));
            }
        }
        String actor = client;
        if (client.startsWith("engineer-") && (op.path().contains("/visits") || op.path().contains("/dispatches"))) {
            actor = Fixtures.engineerClient(tenant);
        }
        Call call = Call.of(op.method(), path).as(actor);
        if (body != null) {
            if (json) {
                call.json(body);
            } else {
                call.body(body);
            }
        } else if (!op.method().equals("GET") && !op.method().equals("DELETE")) {
            call.header("Content-Type", "application/json");
        }
        return call;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    List<Case> cases(Operation op, String client) {
        List<Case> cases = new ArrayList<>();
        String valid = validBody(op);
        Fixtures.Tenant acme = fixtures.acme;
        // the valid request, on a finished ticket and on one left assigned: transitions out of order
        boolean transition = !op.method().equals("GET") && op.parameters().stream().anyMatch(p -> p.in().equals("path"));
        cases.add(new Case("valid on finished ticket", request(op, client, acme, true, valid, true),
                transition && (op.path().contains("/visits/") || op.path().contains("/dispatches/")
                        || op.path().contains("/read-back")) ? Expect.REJECT : Expect.ANY));
        cases.add(new Case("valid on assigned ticket", request(op, client, fixtures.acmeOpen, true, valid, true), Expect.ANY));

        // who may see what
        cases.add(new Case("no token", request(op, client, acme, true, valid, true).as(null), Expect.REJECT));
        cases.add(new Case("forged token", request(op, client, acme, true, valid, true).as(null)
                .header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"), Expect.REJECT));
        boolean hasId = op.parameters().stream().anyMatch(p -> p.in().equals("path"));
        if (hasId) {
            cases.add(new Case("customer-acme on globex's object",
                    request(op, "customer-acme", fixtures.globex, false, valid, true).as("customer-acme"), Expect.HIDDEN));
            cases.add(new Case("customer-globex on acme's object",
                    request(op, "customer-globex", acme, true, valid, true).as("customer-globex"), Expect.HIDDEN));
            if (op.path().contains("/visits/") || op.path().contains("/dispatches/")) {
                cases.add(new Case("another engineer's " + Operation.collectionOf(op.path(), "id"),
                        request(op, client, acme, true, valid, true).as(Fixtures.otherEngineerClient(acme)), Expect.HIDDEN));
            }
            for (Map.Entry<String, String> id : malformedIds().entrySet()) {
                Call call = request(op, client, acme, true, valid, true);
                String path = op.path();
                for (Operation.Parameter p : op.parameters()) {
                    if (p.in().equals("path")) {
                        path = path.replace("{" + p.name() + "}", id.getValue());
                    }
                }
                cases.add(new Case("id " + id.getKey(), copy(call, path), Expect.REJECT));
            }
        }
        // query parameters
        for (Operation.Parameter p : op.parameters()) {
            if (!p.in().equals("query")) {
                continue;
            }
            for (Map.Entry<String, String> bad : badQueryValues(p).entrySet()) {
                Call base = request(op, client, acme, true, valid, true);
                String sep = base.path().contains("?") ? "&" : "?";
                cases.add(new Case("query " + p.name() + " " + bad.getKey(),
                        copy(base, base.path() + sep + p.name() + "=" + bad.getValue()), Expect.ANY));
            }
            if (p.name().equals("customerId")) {
                Call base = request(op, "customer-acme", acme, true, valid, true).as("customer-acme");
                cases.add(new Case("customer-acme lists globex", copy(base, base.path() + "?customerId=globex"),
                        Expect.NO_GLOBEX));
            }
            if (p.name().equals("ticketId")) {
                Call base = request(op, "customer-acme", acme, true, valid, true).as("customer-acme");
                cases.add(new Case("customer-acme lists globex's ticket", copy(base, base.path() + "?ticketId="
                        + fixtures.globex.ticket()), Expect.NO_GLOBEX));
            }
        }
        if (op.method().equals("GET") && !hasId) {
            cases.add(new Case("customer-acme lists", request(op, "customer-acme", acme, true, null, true)
                    .as("customer-acme"), Expect.NO_GLOBEX));
        }
        if (op.method().equals("GET") || op.method().equals("DELETE")) {
            return cases;
        }
        // bodies
        for (Map.Entry<String, String> raw : rawBodies().entrySet()) {
            cases.add(new Case("body " + raw.getKey(), request(op, client, fixtures.acmeOpen, true, raw.getValue(), true),
                    op.bodySchema() == null ? Expect.ANY : Expect.REJECT));
        }
        Call noType = request(op, client, fixtures.acmeOpen, true, valid == null ? "{}" : valid, false);
        cases.add(new Case("content-type missing", noType, Expect.ANY));
        cases.add(new Case("content-type text/plain", request(op, client, fixtures.acmeOpen, true,
                valid == null ? "{}" : valid, false).header("Content-Type", "text/plain"), Expect.ANY));
        cases.add(new Case("content-type application/xml", request(op, client, fixtures.acmeOpen, true,
                "<ticket><id>1</id></ticket>", false).header("Content-Type", "application/xml"), Expect.REJECT));
        cases.add(new Case("content-type multipart without boundary", request(op, client, fixtures.acmeOpen, true,
                "--x\r\n\r\n", false).header("Content-Type", "multipart/form-data"), Expect.REJECT));
        cases.add(new Case("body 2 MB", request(op, client, fixtures.acmeOpen, true,
                "{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}", true), Expect.REJECT));
        cases.add(new Case("body 300 KB", request(op, client, fixtures.acmeOpen, true,
                "{\"x\":\"" + "a".repeat(300 * 1024) + "\"}", true), Expect.REJECT));
        // the same without a declared length: the gateway counts as the body streams
        cases.add(new Case("body 2 MB chunked", request(op, client, fixtures.acmeOpen, true,
                "{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}", true).framing(Framing.CHUNKED), Expect.TOO_LARGE));
        cases.add(new Case("body 300 KB chunked", request(op, client, fixtures.acmeOpen, true,
                "{\"x\":\"" + "a".repeat(300 * 1024) + "\"}", true).framing(Framing.CHUNKED), Expect.REJECT));
        // half a valid body, then nothing: answered once the gateway's wait for the next part runs out
        cases.add(new Case("body stalled halfway", request(op, client, fixtures.acmeOpen, true,
                valid == null ? "{\"x\":\"" + "a".repeat(64) + "\"}" : valid, true).framing(Framing.STALLED),
                Expect.TIMED_OUT));
        if (op.method().equals("POST")) {
            for (Map.Entry<String, String> key : badIdempotencyKeys().entrySet()) {
                cases.add(new Case("Idempotency-Key " + key.getKey(), request(op, client, fixtures.acmeOpen, true,
                        valid, true).header("Idempotency-Key", key.getValue()), Expect.ANY));
            }
        }
        if (op.bodySchema() != null && op.schemas().resolve(op.bodySchema()).path("type").asString("object").equals("object")) {
            cases.addAll(fieldCases(op, client));
        }
        return cases;
    }

    private List<Case> fieldCases(Operation op, String client) {
        List<Case> cases = new ArrayList<>();
        Schemas schemas = op.schemas();
        ObjectNode valid = (ObjectNode) schemas.valid(op.bodySchema(), "", 0);
        ObjectNode unknown = valid.deepCopy();
        unknown.put("sweepUnknownField", 1);
        cases.add(body(op, client, "unknown field", unknown, Expect.REJECT));
        ObjectNode empty = NODES.objectNode();
        if (!schemas.required(op.bodySchema()).isEmpty()) {
            cases.add(body(op, client, "empty object", empty, Expect.REJECT));
        }
        fields(op, client, schemas, op.bodySchema(), valid, valid, "", cases, 0);
        return cases;
    }

    /** Mutates each field of {@code node} (part of {@code root}) in turn, restoring it after each case. */
    private void fields(Operation op, String client, Schemas schemas, JsonNode schema, ObjectNode root, ObjectNode node,
            String prefix, List<Case> cases, int depth) {
        List<String> required = schemas.required(schema);
        for (String name : schemas.properties(schema)) {
            JsonNode property = schemas.property(schema, name);
            JsonNode original = node.get(name);
            String field = prefix + name;
            String type = Schemas.type(property);
            Map<String, JsonNode> bad = new LinkedHashMap<>();
            if (required.contains(name)) {
                node.remove(name);
                cases.add(body(op, client, field + " missing", root, Expect.REJECT));
                bad.put("null", NODES.nullNode());
            }
            switch (type) {
                case "string" -> {
                    bad.put("as number", NODES.numberNode(12345));
                    bad.put("as object", NODES.objectNode().put("x", 1));
                    bad.put("as array", NODES.arrayNode().add("x"));
                    bad.put("as boolean", NODES.booleanNode(true));
                    int max = property.path("maxLength").asInt(100_000);
                    bad.put("oversize (" + (Math.min(max, 100_000) + 1) + " chars)", NODES.stringNode("超".repeat(Math.min(max, 100_000) + 1)));
                    bad.put("control characters", NODES.stringNode("a\u0000b\u001b[31m\u202e"));
                    if (property.has("enum")) {
                        bad.put("invalid enum", NODES.stringNode("NOT_A_VALUE"));
                        bad.put("lower-case enum", NODES.stringNode(property.path("enum").get(0).asString().toLowerCase()));
                    }
                    if (property.path("format").asString("").startsWith("date")) {
                        bad.put("invalid date", NODES.stringNode("2026-13-45T99:99:99Z"));
                        bad.put("date without offset", NODES.stringNode("2026-11-25T10:00:00"));
                        bad.put("far-future date", NODES.stringNode("+999999999-12-31T23:59:59Z"));
                    }
                    bad.put("blank", NODES.stringNode("   "));
                }
                case "integer", "number" -> {
                    bad.put("as string", NODES.stringNode("five"));
                    bad.put("negative", NODES.numberNode(-1));
                    bad.put("huge", NODES.numberNode(new java.math.BigInteger("99999999999999999999999")));
                    bad.put("fraction", NODES.numberNode(2.5));
                    bad.put("as boolean", NODES.booleanNode(true));
                }
                case "boolean" -> {
                    bad.put("as string", NODES.stringNode("yes"));
                    bad.put("as number", NODES.numberNode(2));
                }
                case "array" -> {
                    bad.put("as string", NODES.stringNode("x"));
                    bad.put("as object", NODES.objectNode());
                    var many = NODES.arrayNode();
                    JsonNode item = original != null && !original.isEmpty() ? original.get(0) : NODES.stringNode("x");
                    for (int i = 0; i < 1001; i++) {
                        many.add(item);
                    }
                    bad.put("1001 items", many);
                    bad.put("null item", NODES.arrayNode().addNull());
                    bad.put("wrong item type", NODES.arrayNode().add(NODES.arrayNode().add(1)));
                }
                case "object" -> {
                    bad.put("as string", NODES.stringNode("x"));
                    bad.put("as array", NODES.arrayNode());
                    if (original instanceof ObjectNode nested && depth < 2) {
                        fields(op, client, schemas, property, root, nested, field + ".", cases, depth + 1);
                    }
                }
                default -> {
                }
            }
            for (Map.Entry<String, JsonNode> b : bad.entrySet()) {
                node.set(name, b.getValue());
                cases.add(body(op, client, field + " " + b.getKey(), root,
                        b.getKey().startsWith("oversize") || b.getKey().contains("enum") || b.getKey().startsWith("as ")
                                || b.getKey().equals("null") ? Expect.REJECT : Expect.ANY));
            }
            if (original == null) {
                node.remove(name);
            } else {
                node.set(name, original);
            }
        }
    }

    private Case body(Operation op, String client, String name, JsonNode body, Expect expect) {
        Call call = request(op, client, fixtures.acmeOpen, true, body.toString(), true);
        if (op.method().equals("POST")) {
            call.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        return new Case(name, call, expect);
    }

    private static Call copy(Call call, String path) {
        return call.withPath(path);
    }

    private static Map<String, String> malformedIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("unknown", "does-not-exist");
        ids.put("5000 chars", "a".repeat(5000));
        ids.put("path traversal", "..%2F..%2Factuator");
        ids.put("encoded NUL", "a%00b");
        ids.put("mongo operator", enc("{\"$gt\":\"\"}"));
        ids.put("sql quote", enc("' OR '1'='1"));
        ids.put("unicode", enc("工单-😀"));
        ids.put("child suffix overflow", "x-D99999999999999999999");
        ids.put("child suffix only", "-V1");
        ids.put("child suffix negative", "x-C-1");
        ids.put("spaces", "a%20b");
        return ids;
    }

    private static Map<String, String> badQueryValues(Operation.Parameter p) {
        Map<String, String> values = new LinkedHashMap<>();
        String type = Schemas.type(p.schema());
        values.put("5000 chars", "a".repeat(5000));
        values.put("operator", enc("{\"$ne\":null}"));
        values.put("regex", enc(".*(a+)+$"));
        values.put("empty", "");
        if (type.equals("integer") || type.equals("number")) {
            values.put("not a number", "abc");
            values.put("negative", "-1");
            values.put("huge", "99999999999999999999");
            values.put("zero", "0");
        }
        if (p.schema().has("enum")) {
            values.put("invalid enum", "NOT_A_VALUE");
        }
        if (p.schema().path("format").asString("").startsWith("date") || p.name().equals("from") || p.name().equals("to")) {
            values.put("invalid date", "yesterday");
        }
        if (p.name().equals("sort")) {
            values.put("unknown property", "password,desc");
            values.put("injection", enc("$where,asc"));
        }
        return values;
    }

    private static Map<String, String> rawBodies() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("empty", "");
        bodies.put("null", "null");
        bodies.put("array", "[]");
        bodies.put("string", "\"text\"");
        bodies.put("number", "42");
        bodies.put("truncated JSON", "{\"a\":");
        bodies.put("not JSON", "hello");
        bodies.put("deeply nested", "[".repeat(5000) + "]".repeat(5000));
        bodies.put("duplicate keys", "{\"a\":1,\"a\":2}");
        bodies.put("invalid UTF-8 escape", "{\"a\":\"\\uD800\"}");
        return bodies;
    }

    private static Map<String, String> badIdempotencyKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("blank", " ");
        keys.put("300 chars", "k".repeat(300));
        keys.put("8 KB", "k".repeat(8 * 1024));
        keys.put("non-ASCII", "幂等键-ключ");
        keys.put("mongo operator", "{\"$gt\":\"\"}");
        return keys;
    }

    /** Findings grouped by verdict and case, each group with its endpoints and one full example. */
    private static void printGrouped(String title, List<Result> findings) {
        if (findings.isEmpty()) {
            return;
        }
        Map<String, List<Result>> groups = new TreeMap<>();
        findings.forEach(r -> groups.computeIfAbsent(r.verdict + " | "
                + r.testCase.name.replaceAll("\\(.*\\)", ""), k -> new ArrayList<>()).add(r));
        Report.line("");
        Report.line("== %s: %d, in %d groups (every one is in sweep.json) ==", title, findings.size(), groups.size());
        groups.forEach((group, list) -> {
            Result example = list.getFirst();
            List<String> endpoints = list.stream().map(r -> r.operation.key()).distinct().toList();
            Report.line("%s  ×%d on %d endpoint(s): %s", group, list.size(), endpoints.size(),
                    endpoints.size() > 4 ? String.join(", ", endpoints.subList(0, 4)) + ", …" : String.join(", ", endpoints));
            Report.line("    e.g. request:  %s%n         response: %s", example.testCase.call.describe(), example.response);
        });
    }

    private int report(Path out) {
        Report.line("");
        Report.line("== Bad-input sweep: status codes per endpoint ==");
        List<Integer> statuses = counts.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
        StringBuilder header = new StringBuilder(String.format("%-62s", "endpoint"));
        statuses.forEach(s -> header.append(String.format("%6s", s == 0 ? "conn" : s == -1 ? "skip" : s)));
        header.append(String.format("%7s", "fail"));
        Report.line(header.toString());
        Map<String, Long> failsPer = new TreeMap<>();
        results.stream().filter(r -> r.verdict.startsWith("FAIL"))
                .forEach(r -> failsPer.merge(r.operation.key(), 1L, Long::sum));
        counts.forEach((endpoint, byStatus) -> {
            StringBuilder row = new StringBuilder(String.format("%-62s", endpoint.length() > 61 ? endpoint.substring(0, 61) : endpoint));
            statuses.forEach(s -> row.append(String.format("%6s", byStatus.getOrDefault(s, 0) == 0 ? "." : byStatus.get(s))));
            row.append(String.format("%7s", failsPer.getOrDefault(endpoint, 0L)));
            Report.line(row.toString());
        });
        List<Result> failures = results.stream().filter(r -> r.verdict.startsWith("FAIL")).toList();
        List<Result> suspicious = results.stream().filter(r -> r.verdict.startsWith("SUSPICIOUS")).toList();
        Report.line("");
        Report.line("requests: %d, failures: %d, suspicious (2xx on input that should be refused): %d, endpoints: %d",
                results.size(), failures.size(), suspicious.size(), counts.size());
        printGrouped("Failures", failures);
        printGrouped("Suspicious (accepted)", suspicious);
        var json = NODES.objectNode();
        json.put("requests", results.size());
        json.put("failures", failures.size());
        json.put("suspicious", suspicious.size());
        var perEndpoint = json.putObject("statusCounts");
        counts.forEach((endpoint, byStatus) -> {
            var row = perEndpoint.putObject(endpoint);
            byStatus.forEach((s, n) -> row.put(String.valueOf(s), n));
        });
        var list = json.putArray("findings");
        results.stream().filter(r -> !r.verdict.equals("OK") && !r.verdict.equals("SKIPPED")).forEach(r -> list.addObject()
                .put("verdict", r.verdict).put("endpoint", r.operation.key()).put("case", r.testCase.name)
                .put("request", r.testCase.call.describe()).put("status", r.response.status())
                .put("response", r.response.toString()));
        Report.write(out.resolve("sweep.json"), json.toPrettyString());
        Report.line("");
        Report.line("results: %s", out.resolve("sweep.json").toAbsolutePath());
        return failures.size();
    }
}
