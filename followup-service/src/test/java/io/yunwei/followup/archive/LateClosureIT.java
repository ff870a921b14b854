package io.yunwei.followup.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;

import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.LateDelivery;
import io.yunwei.chassis.testkit.LateDelivery.Event;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.followup.ticket.TicketFollowup;

/**
 * A closure re-driven after the ticket was reopened (a dead letter fixed and sent again) goes into the archive's
 * history, but the archive's status stays where the reopening put it, and nobody follows up a closure that no
 * longer stands: no callback, no revisit, no supervisor's notice, no knowledge article.
 */
@IntegrationTest
@AutoConfigureMockMvc
class LateClosureIT {

    private static final TestEvents intake = TestInfrastructure.get().events();

    @Autowired
    MongoTemplate mongo;

    @Autowired
    DocumentStore store;

    static Stream<Arguments> laterCycles() {
        return Stream.of(
                Arguments.of("after the reopening", List.of(reopened(12, 2))),
                Arguments.of("after the next closure", List.of(reopened(12, 2), closed(15, 2))));
    }

    @ParameterizedTest(name = "ticket.closed of the first cycle {0}")
    @MethodSource("laterCycles")
    void recordsTheClosureAndFollowsUpOnlyTheLaterCycle(String scenario, List<Event> later) {
        String ticket = UUID.randomUUID().toString();
        LateDelivery delivery = new LateDelivery(intake, mongo, "followup-service", "followup-service-archive");
        delivery.inOrder(ticket, later.stream().map(e -> e.with("TICKET", ticket)).toList());
        List<String> followedUp = followedUp(ticket);

        delivery.late(ticket, closed(10, 1).with("TICKET", ticket));

        assertThat(followedUp(ticket)).isEqualTo(followedUp);
        assertThat(store.find(TicketArchive.class, ticket).orElseThrow().closures())
                .extracting(TicketArchive.Closure::cycle).contains(1);
    }

    /** What the ticket's closures set going: the archive's status, and the cycles of every follow-up. */
    private List<String> followedUp(String ticket) {
        TicketFollowup followup = store.find(TicketFollowup.class, ticket).orElse(TicketFollowup.startedFor(ticket));
        return List.of("status " + store.find(TicketArchive.class, ticket).orElseThrow().status(),
                "callbacks " + followup.callbacks().stream().map(TicketFollowup.FollowupTask::cycle).toList(),
                "revisits " + followup.revisits().stream().map(TicketFollowup.FollowupTask::cycle).toList(),
                "notices " + followup.supervisorNotices().stream().map(TicketFollowup.SupervisorNotice::cycle).toList(),
                "articles " + mongo.find(query(where("ticketId").is(ticket)), Document.class, "knowledge_articles")
                        .stream().map(a -> a.get("cycle")).toList());
    }

    private static Event closed(long sequence, int cycle) {
        return new Event("intake.events", "ticket.closed.v1", sequence, """
                {"ticketId":"TICKET","number":"YW-1","customerId":"acme","engineerId":"eng-wang","cycle":%d,\
                "closedAt":"2026-11-%02dT09:00:00Z"}""".formatted(cycle, 2 + cycle));
    }

    private static Event reopened(long sequence, int cycle) {
        return new Event("intake.events", "ticket.reopened.v1", sequence, """
                {"ticketId":"TICKET","number":"YW-1","customerId":"acme","reason":"又坏了","cycle":%d}"""
                .formatted(cycle));
    }
}
