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

    private static LocalStack stack;
    private static Api api;
    private static TopicProbe events;

    @BeforeAll
    static void connect() {
        stack = RunningSystem.stack();
        api = RunningSystem.api();
        events = new TopicProbe(stack.kafkaAdminProperties(), "intake.events", "dispatch.events", "field.events",
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
        String ticket = Journeys.report(api);

        String engineer = Journeys.awaitStatus(api, ticket, "ASSIGNED").read("$.engineerId");
        assertThat(engineer).isIn("eng-wang", "eng-li");
        Journeys.workTheVisit(api, ticket, engineer);

        Journeys.awaitStatus(api, ticket, "CLOSED");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                api.get("agent", "/api/v1/callbacks?ticketId=" + ticket).<List<String>>read("$[*].ticketId"))
                .containsExactly(ticket));
        // intake puts follow-up's event on the timeline once it has consumed it, a moment after the callback exists
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("agent", "/api/v1/tickets/" + ticket + "/timeline").<List<String>>read("$[*].type"))
                .containsSubsequence("ticket.recorded.v1", "ticket.opened.v1", "dispatch.assigned.v1",
                        "visit.checked-in.v1", "visit.completed.v1", "ticket.closed.v1", "callback.scheduled.v1"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(typesOf(ticket)).containsSubsequence(
                "ticket.opened.v1", "dispatch.assigned.v1", "visit.checked-in.v1", "visit.completed.v1",
                "ticket.closed.v1", "callback.scheduled.v1"));
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
        tickets.add(Journeys.report(api));
        stack.stopKafka();
        for (int i = 0; i < 4; i++) {
            tickets.add(Journeys.report(api));
        }
        stack.startKafka();
        tickets.add(Journeys.report(api));

        for (String ticket : tickets) {
            String engineer = Journeys.awaitStatus(api, ticket, "ASSIGNED").read("$.engineerId");
            Journeys.workTheVisit(api, ticket, engineer);
        }
        for (String ticket : tickets) {
            Journeys.awaitStatus(api, ticket, "CLOSED");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    api.get("agent", "/api/v1/callbacks?ticketId=" + ticket).<List<String>>read("$[*].id")).hasSize(1));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(tickets).allSatisfy(ticket -> assertThat(
                events.records().stream().filter(r -> ticket.equals(r.key()))
                        .filter(r -> "callback.scheduled.v1".equals(TopicProbe.header(r, EventHeaders.TYPE)))
                        .map(r -> TopicProbe.header(r, EventHeaders.ID)).distinct()).hasSize(1)));
    }

    private static List<String> typesOf(String ticket) {
        return events.records().stream().filter(r -> ticket.equals(r.key()))
                .sorted(Comparator.comparing((ConsumerRecord<String, String> r) -> Instant.parse(TopicProbe.header(r, EventHeaders.TIME))))
                .map(r -> TopicProbe.header(r, EventHeaders.TYPE)).toList();
    }
}
