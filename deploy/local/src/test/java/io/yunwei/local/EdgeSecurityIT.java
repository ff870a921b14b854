package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.events.EventHeaders;
import io.yunwei.chassis.testkit.TopicProbe;

/** The guarantees of the front door, shown through the running system with real tokens. */
class EdgeSecurityIT {

    private static LocalStack stack;
    private static Api api;

    @BeforeAll
    static void connect() {
        stack = RunningSystem.stack();
        api = RunningSystem.api();
    }

    @Test
    void refusesACallWithoutAToken() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/v1/tickets")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat((String) JsonPath.read(response.body(), "$.code")).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void refusesARoleThatMayNotDoIt() {
        Api.Response response = api.post("customer-acme", "/api/v1/engineers",
                "{\"id\":\"eng-fake\",\"name\":\"x\",\"skills\":[],\"areas\":[\"310115\"],\"capacity\":1}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.<String>read("$.code")).isEqualTo("FORBIDDEN");
    }

    @Test
    void letsSupervisorsAndAdministratorsAloneReadWhatEachServiceRefusedForCourtesy() {
        for (String service : List.of("intake", "dispatch", "field", "followup")) {
            String path = "/api/v1/admin/" + service + "/courtesy-refusals";
            Api.Response report = api.get("supervisor", path);
            assertThat(report.status()).as(service).isEqualTo(200);
            assertThat(report.<String>read("$.service")).as(service).isEqualTo(service);
            assertThat(api.get("admin", path).status()).as(service).isEqualTo(200);
            assertThat(api.get("agent", path).status()).as(service).isEqualTo(403);
            assertThat(api.get("customer-acme", path).status()).as(service).isEqualTo(403);
        }
        Api.Response backwards = api.get("supervisor",
                "/api/v1/admin/field/courtesy-refusals?from=2026-12-05&to=2026-12-01");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.<String>read("$.code")).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void anEngineersDiscourteousDiagnosisIsRefusedAndCountedForTheSupervisor() {
        String ticket = Journeys.report(api);
        String engineer = Journeys.awaitStatus(api, ticket, "ASSIGNED").read("$.engineerId");
        String client = Journeys.clientOf(engineer);
        String visit = Journeys.plannedVisit(api, ticket, engineer);
        long before = refusedBy("field", client);

        Api.Response refused = api.post(client, "/api/v1/visits/" + visit + "/diagnosis",
                "{\"symptomRestated\":\"UPS 告警灯闪烁\",\"causeExplained\":\"大概是电池的问题\"}");

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.<String>read("$.code")).isEqualTo("DISCOURTEOUS_TEXT");
        assertThat(refusedBy("field", client)).isEqualTo(before + 1);
    }

    private static long refusedBy(String service, String actor) {
        Api.Response report = api.get("supervisor", "/api/v1/admin/" + service + "/courtesy-refusals");
        List<Number> refusals = report.read("$.actors[?(@.actor == '" + actor + "')].refusals");
        return refusals.isEmpty() ? 0 : refusals.getFirst().longValue();
    }

    @Test
    void letsOnlyAdministratorsSeeEveryServicesDeadLetters() {
        for (String service : List.of("intake", "dispatch", "field", "followup")) {
            Api.Response page = api.get("admin", "/api/v1/admin/" + service + "/dead-letters?page=0&size=5");
            assertThat(page.status()).as(service).isEqualTo(200);
            assertThat(page.<Integer>read("$.size")).as(service).isEqualTo(5);

            Api.Response asAgent = api.get("agent", "/api/v1/admin/" + service + "/dead-letters");
            assertThat(asAgent.status()).as(service).isEqualTo(403);
        }
        Api.Response missing = api.post("admin", "/api/v1/admin/intake/dead-letters/no-such-letter/redrive", "");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.<String>read("$.code")).isEqualTo("DEAD_LETTER_NOT_FOUND");
    }

    @Test
    void answersMalformedRequestsWithProblemsAndChangesNothing() {
        Api.Response noBoundary = api.post("agent", "/api/v1/calls", "multipart/form-data", "--x\r\n\r\n");
        assertThat(noBoundary.status()).isEqualTo(400);
        assertThat(noBoundary.<String>read("$.code")).isEqualTo("MALFORMED_MULTIPART");

        Api.Response plainText = api.post("agent", "/api/v1/calls", "text/plain", "hello");
        assertThat(plainText.status()).isEqualTo(415);
        assertThat(plainText.<String>read("$.code")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");

        String call = UUID.randomUUID().toString();
        Api.Response farFuture = api.post("agent", "/api/v1/calls", """
                {"id":"%s","agentId":"agent","callerNumber":"13800138000","ringingAt":"2026-11-25T01:00:00Z",
                 "answeredAt":"2026-11-25T01:00:05Z","endedAt":"+999999999-12-31T23:59:59Z"}""".formatted(call));
        assertThat(farFuture.status()).isEqualTo(400);
        assertThat(farFuture.<String>read("$.code")).isEqualTo("VALIDATION_FAILED");
        assertThat(farFuture.<String>read("$.errors[0].field")).isEqualTo("endedAt");

        Api.Response numberAsText = api.post("agent", "/api/v1/calls", """
                {"id":"%s","agentId":12345,"callerNumber":"13800138000","ringingAt":"2026-11-25T01:00:00Z"}"""
                .formatted(call));
        assertThat(numberAsText.status()).isEqualTo(400);
        assertThat(numberAsText.<String>read("$.errors[0].field")).isEqualTo("agentId");

        Api.Response pathTrick = api.get("agent", "/api/v1/customers/..%2F..%2Factuator");
        assertThat(pathTrick.status()).isEqualTo(400);
        assertThat(pathTrick.<String>read("$.code")).isEqualTo("MALFORMED_REQUEST");

        // the refused requests stored nothing: the first valid call under that id is recorded as sent
        Api.Response valid = api.post("agent", "/api/v1/calls", """
                {"id":"%s","agentId":"agent","callerNumber":"13800138000","ringingAt":"2026-11-25T01:00:00Z",
                 "answeredAt":"2026-11-25T01:00:05Z","endedAt":"2026-11-25T01:04:00Z"}""".formatted(call));
        assertThat(valid.status()).isEqualTo(201);
        assertThat(valid.<String>read("$.endedAt")).isEqualTo("2026-11-25T01:04:00Z");
    }

    @Test
    void hidesAnotherOrganisationsTicketAsIfItDidNotExist() {
        Api.Response globex = api.post("customer-globex", "/api/v1/tickets", """
                {"channel":"CUSTOMER_CALL","customerId":"globex","siteId":"globex-dc","what":{"symptom":"交换机端口闪断"}}""");
        assertThat(globex.status()).as(globex.body()).isEqualTo(201);
        String ticket = globex.read("$.id");

        Api.Response seenByAcme = api.get("customer-acme", "/api/v1/tickets/" + ticket);
        assertThat(seenByAcme.status()).isEqualTo(404);
        assertThat(seenByAcme.<String>read("$.code")).isEqualTo("NOT_FOUND");
        assertThat(api.get("customer-globex", "/api/v1/tickets/" + ticket).status()).isEqualTo(200);
    }

    @Test
    void hidesAnEngineersVisitFromAnotherEngineer() {
        setAvailable("eng-li", false);
        try {
            Api.Response report = api.post("engineer-wang", "/api/v1/tickets", """
                    {"channel":"INSPECTION","customerId":"acme","siteId":"acme-hq","assetIds":["acme-srv-01"],
                     "when":{"occurredAt":"2026-11-25T10:00:00+08:00"},"who":{"reportedBy":"王工"},
                     "where":{"location":"机房 A 排 5 号柜"},"what":{"symptom":"服务器风扇告警"},
                     "why":{"suspectedCause":"风扇积灰"},"how":{"discoveredHow":"巡检发现","impact":"MEDIUM","urgency":"MEDIUM"}}""");
            String ticket = report.read("$.id");
            String visit = await().atMost(Duration.ofSeconds(60)).until(() -> {
                List<String> ids = api.get("engineer-wang", "/api/v1/visits").read("$[?(@.ticketId == '" + ticket + "')].id");
                return ids.isEmpty() ? null : ids.getFirst();
            }, id -> id != null);

            assertThat(api.get("engineer-li", "/api/v1/visits/" + visit).status()).isEqualTo(404);
            Api.Response checkIn = api.post("engineer-li", "/api/v1/visits/" + visit + "/check-in", "");
            assertThat(checkIn.status()).isEqualTo(404);
            assertThat(checkIn.<String>read("$.code")).isEqualTo("NOT_FOUND");
            assertThat(api.get("engineer-wang", "/api/v1/visits/" + visit).<String>read("$.status")).isEqualTo("PLANNED");
        } finally {
            setAvailable("eng-li", true);
        }
    }

    @Test
    void slowsDownAClientThatSendsABurst() throws Exception {
        // concurrent batches until the client outruns its sustained rate; bounded, since a slow machine takes longer
        List<Api.Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int batch = 0; batch < 30 && responses.stream().noneMatch(r -> r.status() == 429); batch++) {
                Callable<Api.Response> call = () -> api.get("supervisor", "/api/v1/engineers/eng-li");
                for (Future<Api.Response> done : pool.invokeAll(Collections.nCopies(RunningSystem.BURST, call))) {
                    responses.add(done.get());
                }
            }
        }

        assertThat(responses).extracting(Api.Response::status).containsOnly(200, 429).contains(429);
        assertThat(responses.stream().takeWhile(r -> r.status() == 200).count()).isGreaterThanOrEqualTo(RunningSystem.BURST / 2);
        Api.Response limited = responses.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        assertThat(limited.<String>read("$.code")).isEqualTo("RATE_LIMITED");
    }

    @Test
    void refusesATwoMegabyteTextField() {
        Api.Response response = api.post("agent", "/api/v1/tickets",
                "{\"channel\":\"CUSTOMER_CALL\",\"customerId\":\"acme\",\"what\":{\"symptom\":\"" + "x".repeat(2 * 1024 * 1024)
                        + "\"}}");

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.<String>read("$.code")).isEqualTo("BODY_TOO_LARGE");
    }

    @Test
    void answersAProblemQuicklyWhileAServiceIsDown() {
        stack.stop(Part.FIELD);
        try {
            long started = System.nanoTime();
            Api.Response response = api.get("engineer-wang", "/api/v1/visits");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.<String>read("$.code")).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(response.<String>read("$.service")).isEqualTo("field");
            assertThat(took).isLessThan(Duration.ofSeconds(5));
        } finally {
            stack.start(Part.FIELD);
        }
    }

    @Test
    void carriesTheCallersTraceThroughTheGatewayIntoTheEventsItCauses() throws Exception {
        String traceId = java.util.UUID.randomUUID().toString().replace("-", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/v1/tickets"))
                .header("Authorization", "Bearer " + DemoData.token(stack.gatewayUrl(), "agent"))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"channel":"CUSTOMER_CALL","customerId":"acme","siteId":"acme-hq","what":{"symptom":"打印机卡纸"}}""",
                        java.nio.charset.StandardCharsets.UTF_8))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-Trace-Id")).hasValue(traceId);
        String ticket = JsonPath.read(response.body(), "$.id");
        try (TopicProbe intake = new TopicProbe(stack.kafkaAdminProperties(), "intake.events")) {
            String eventTrace = await().atMost(Duration.ofSeconds(60)).until(() -> intake.records().stream()
                    .filter(r -> ticket.equals(r.key()))
                    .filter(r -> "ticket.recorded.v1".equals(TopicProbe.header(r, EventHeaders.TYPE)))
                    .map(r -> TopicProbe.header(r, "traceparent")).filter(java.util.Objects::nonNull)
                    .map(parent -> parent.split("-")[1]).findFirst().orElse(null), java.util.Objects::nonNull);
            assertThat(eventTrace).isEqualTo(traceId);
        }
    }

    private static void setAvailable(String engineer, boolean available) {
        Api.Response response = api.put("dispatcher", "/api/v1/engineers/" + engineer + "/availability",
                "{\"available\":" + available + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

}
