package io.yunwei.dispatch.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.web.servlet.MockMvc;

import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.LateDelivery;
import io.yunwei.chassis.testkit.LateDelivery.Event;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;
import io.yunwei.dispatch.assignment.TicketDispatch.Dispatch;

/**
 * An event re-driven after the ticket's later events (a dead letter fixed and sent again) assigns nobody and
 * takes no capacity that the later events have made unnecessary; what is still true of it is applied.
 */
@IntegrationTest
@AutoConfigureMockMvc
class LateTicketEventIT {

    private static final TestEvents otherServices = TestInfrastructure.get().events();
    private static final TopicProbe dispatchEvents = TestInfrastructure.get().probe("dispatch.events");

    @Autowired
    MockMvc mvc;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    DocumentStore store;

    static Stream<Arguments> lateEvents() {
        return Stream.of(
                Arguments.of("ticket.opened after the ticket was cancelled", List.of(cancelled(5)), opened(3)),
                Arguments.of("ticket.opened after the ticket was reopened", List.of(reopened(12, 2)), opened(3)),
                Arguments.of("visit.completed after the ticket was cancelled", List.of(opened(3), cancelled(5)),
                        completed(2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lateEvents")
    void neitherAssignsNorHoldsCapacityAgainWhatTheLaterEventsSettled(String scenario, List<Event> later, Event late)
            throws Exception {
        Desk desk = new Desk(mvc, otherServices, dispatchEvents);
        String engineer = desk.engineer(2);
        String ticket = UUID.randomUUID().toString();
        LateDelivery delivery = new LateDelivery(otherServices, mongo, "dispatch-service");
        delivery.inOrder(ticket, later.stream().map(e -> e.with("TICKET", ticket).with("AREA", desk.area)).toList());
        List<Dispatch> dispatches = dispatches(ticket);
        int active = desk.active(engineer);

        delivery.late(ticket, late.with("TICKET", ticket).with("AREA", desk.area));

        assertThat(dispatches(ticket)).isEqualTo(dispatches);
        assertThat(desk.active(engineer)).isEqualTo(active);
    }

    private List<Dispatch> dispatches(String ticket) {
        return store.find(TicketDispatch.class, ticket).map(TicketDispatch::dispatches).orElse(List.of());
    }

    private static Event opened(long sequence) {
        return new Event("intake.events", "ticket.opened.v1", sequence, """
                {"customerId":"acme","siteId":"hq","areaCode":"AREA","assetCategories":["PRINTER"],"priority":"P2"}""");
    }

    private static Event reopened(long sequence, int cycle) {
        return new Event("intake.events", "ticket.reopened.v1", sequence, """
                {"customerId":"acme","siteId":"hq","areaCode":"AREA","assetCategories":["PRINTER"],"priority":"P2",\
                "cycle":""" + cycle + "}");
    }

    private static Event cancelled(long sequence) {
        return new Event("intake.events", "ticket.cancelled.v1", sequence, """
                {"from":"OPEN","reason":"不再需要"}""");
    }

    private static Event completed(long sequence) {
        return new Event("field.events", "visit.completed.v1", sequence, """
                {"dispatchId":"TICKET-D1","outcome":"RESOLVED"}""");
    }
}
