package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.yunwei.chassis.events.EventHeaders;
import io.yunwei.chassis.testkit.TopicProbe;

/**
 * The lifecycle through the whole system as separate processes, as {@code deploy/local/run} starts it, driven
 * through the gateway with tokens from the local authorization server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonIT {

    private static final String SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private static LocalStack stack;
    private static Api api;
    private static TopicProbe events;

    @BeforeAll
    static void connect() {
        stack = RunningSystem.stack();
        api = RunningSystem.api();
        events = new TopicProbe(stack.kafkaBootstrapServers(), "intake.events", "dispatch.events", "field.events",
                "followup.events");
    }

    @AfterAll
    static void disconnect() {
        if (events != null) {
            events.close();
        }
    }

    @Test
    @Order(1)
    void carriesAnInspectionFindingFromTheReportToTheScheduledCallback() {
        String ticket = report();

        String engineer = awaitStatus(ticket, "ASSIGNED").read("$.engineerId");
        assertThat(engineer).isIn("eng-wang", "eng-li");
        workTheVisit(ticket, engineer);

        awaitStatus(ticket, "CLOSED");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                api.get("agent", "/api/v1/callbacks?ticketId=" + ticket).<List<String>>read("$[*].ticketId"))
                .containsExactly(ticket));
        List<String> timeline = api.get("agent", "/api/v1/tickets/" + ticket + "/timeline").read("$[*].type");
        assertThat(timeline).containsSubsequence("ticket.recorded.v1", "ticket.opened.v1", "dispatch.assigned.v1",
                "visit.checked-in.v1", "visit.completed.v1", "ticket.closed.v1", "callback.scheduled.v1");
        assertThat(typesOf(ticket)).containsSubsequence("ticket.opened.v1", "dispatch.assigned.v1",
                "visit.checked-in.v1", "visit.completed.v1", "ticket.closed.v1", "callback.scheduled.v1");
        assertThat(traceOf(ticket, "dispatch.assigned.v1")).as("one trace from the report to the assignment")
                .isNotNull().isEqualTo(traceOf(ticket, "ticket.opened.v1"));
    }

    /** The trace id of the W3C traceparent header of a ticket's event. */
    private static String traceOf(String ticket, String type) {
        return events.records().stream().filter(r -> ticket.equals(r.key()))
                .filter(r -> type.equals(TopicProbe.header(r, EventHeaders.TYPE)))
                .map(r -> TopicProbe.header(r, "traceparent")).filter(java.util.Objects::nonNull)
                .map(parent -> parent.split("-")[1]).findFirst().orElse(null);
    }

    @Test
    @Order(2)
    void bringsEveryTicketAcceptedDuringABrokerOutageToExactlyOneCallback() {
        List<String> tickets = new ArrayList<>();
        tickets.add(report());
        stack.stopKafka();
        for (int i = 0; i < 4; i++) {
            tickets.add(report());
        }
        stack.startKafka();
        tickets.add(report());

        for (String ticket : tickets) {
            String engineer = awaitStatus(ticket, "ASSIGNED").read("$.engineerId");
            workTheVisit(ticket, engineer);
        }
        for (String ticket : tickets) {
            awaitStatus(ticket, "CLOSED");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    api.get("agent", "/api/v1/callbacks?ticketId=" + ticket).<List<String>>read("$[*].id")).hasSize(1));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(tickets).allSatisfy(ticket -> assertThat(
                events.records().stream().filter(r -> ticket.equals(r.key()))
                        .filter(r -> "callback.scheduled.v1".equals(TopicProbe.header(r, EventHeaders.TYPE)))
                        .map(r -> TopicProbe.header(r, EventHeaders.ID)).distinct()).hasSize(1)));
    }

    private String report() {
        Api.Response created = api.post("engineer-wang", "/api/v1/tickets", """
                {"channel":"INSPECTION","customerId":"acme","siteId":"acme-hq","assetIds":["acme-ups-01"],
                 "when":{"occurredAt":"2026-11-25T09:30:00+08:00"},"who":{"reportedBy":"王工"},
                 "where":{"location":"机房 A 排 3 号柜"},"what":{"symptom":"UPS 告警灯闪烁","errorMessages":["E21"]},
                 "why":{"suspectedCause":"电池老化"},"how":{"discoveredHow":"巡检发现","impact":"HIGH","urgency":"MEDIUM"}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.<String>read("$.status")).isEqualTo("OPEN");
        return created.read("$.id");
    }

    private void workTheVisit(String ticket, String engineer) {
        String client = engineer.equals("eng-wang") ? "engineer-wang" : "engineer-li";
        String visit = await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> ids = api.get(client, "/api/v1/visits")
                    .read("$[?(@.ticketId == '" + ticket + "' && @.status == 'PLANNED')].id");
            return ids.isEmpty() ? null : ids.getFirst();
        }, id -> id != null);
        Api.Response planned = api.get(client, "/api/v1/visits/" + visit);
        assertThat(planned.<List<String>>read("$.siteChecklist.requiredQuestions"))
                .as("the site's entry rules travel from intake through dispatch to the visit")
                .containsExactlyInAnyOrder("SHOE_COVERS", "ANTI_STATIC", "REGISTRATION", "OTHER_RULES");
        expectOk(api.post(client, "/api/v1/visits/" + visit + "/check-in", ""));
        expectOk(api.put(client, "/api/v1/visits/" + visit + "/site-checklist", """
                {"uniformWorn":true,"badgeShown":true,"questions":[
                  {"topic":"SHOE_COVERS","asked":true,"answer":"REQUIRED","complied":true},
                  {"topic":"ANTI_STATIC","asked":true,"answer":"REQUIRED","complied":true},
                  {"topic":"REGISTRATION","asked":true,"answer":"REQUIRED","complied":true},
                  {"topic":"OTHER_RULES","asked":true,"answer":"REQUIRED","complied":true}]}"""));
        expectOk(api.post(client, "/api/v1/visits/" + visit + "/diagnosis",
                "{\"symptomRestated\":\"UPS 告警灯闪烁\",\"causeExplained\":\"电池组老化，储电不足，所以告警\"}"));
        expectOk(api.post(client, "/api/v1/visits/" + visit + "/inspection",
                "{\"items\":[{\"assetId\":\"acme-ups-01\",\"status\":\"OK\",\"note\":\"更换后自检正常\"}]}"));
        expectOk(api.post(client, "/api/v1/visits/" + visit + "/resolution",
                "{\"solution\":\"更换 UPS 电池组\",\"emergencyHandling\":\"告警时切换旁路\",\"maintenanceAdvice\":\"每季度做一次放电测试\"}"));
        expectOk(api.post(client, "/api/v1/visits/" + visit + "/service-form",
                "{\"signerName\":\"张伟\",\"signature\":\"" + SIGNATURE + "\",\"evaluation\":{\"score\":5,\"comment\":\"专业\"}}"));
        expectOk(api.post(client, "/api/v1/visits/" + visit + "/completion", "{\"outcome\":\"RESOLVED\",\"cleanupDone\":true}"));
    }

    private static Api.Response awaitStatus(String ticket, String status) {
        return await().atMost(Duration.ofSeconds(90)).until(() -> api.get("agent", "/api/v1/tickets/" + ticket),
                response -> response.status() == 200 && status.equals(response.read("$.status")));
    }

    private static void expectOk(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private static List<String> typesOf(String ticket) {
        return events.records().stream().filter(r -> ticket.equals(r.key()))
                .sorted(Comparator.comparing((ConsumerRecord<String, String> r) -> Instant.parse(TopicProbe.header(r, EventHeaders.TIME))))
                .map(r -> TopicProbe.header(r, EventHeaders.TYPE)).toList();
    }
}
