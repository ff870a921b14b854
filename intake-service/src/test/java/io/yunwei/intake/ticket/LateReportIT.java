package io.yunwei.intake.ticket;

import static io.yunwei.chassis.testkit.Callers.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.LateDelivery;
import io.yunwei.chassis.testkit.LateDelivery.Event;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;

/**
 * A report re-driven after the ticket's later reports (a dead letter fixed and sent again) takes its place on the
 * timeline and moves the ticket no more: its status never goes back, nor does intake announce anything for it.
 */
@IntegrationTest
@AutoConfigureMockMvc
class LateReportIT {

    private static final TestEvents otherServices = TestInfrastructure.get().events();

    @Autowired
    MockMvc mvc;

    @Autowired
    MongoTemplate mongo;

    static Stream<Arguments> lateReports() {
        return Stream.of(
                Arguments.of("dispatch.assigned after the visit that needs a revisit",
                        List.of(checkedIn(1), completed(2, "REVISIT_NEEDED")), "REVISIT_NEEDED",
                        assigned(1, "eng-late")),
                Arguments.of("dispatch.accepted after the closure and the recurrence",
                        List.of(assigned(1, "eng-wang"), checkedIn(1), completed(2, "RESOLVED"), recurred(1)),
                        "REOPENED", accepted(2)),
                Arguments.of("appointment.booked after the check-in",
                        List.of(assigned(1, "eng-wang"), checkedIn(1)), "ON_SITE", booked(2)),
                Arguments.of("visit.decision-requested after the visit was completed",
                        List.of(assigned(1, "eng-wang"), checkedIn(1), completed(3, "REVISIT_NEEDED")),
                        "REVISIT_NEEDED", decisionRequested(2)),
                Arguments.of("visit.completed after the ticket was reopened",
                        List.of(assigned(1, "eng-wang"), checkedIn(1), completed(3, "RESOLVED"), recurred(1)),
                        "REOPENED", completed(2, "REVISIT_NEEDED")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lateReports")
    void takesItsPlaceOnTheTimelineAndLeavesTheTicketWhereTheLaterReportsPutIt(String scenario, List<Event> later,
            String status, Event late) throws Exception {
        Desk desk = new Desk(mvc);
        String ticket = desk.recorded(desk.report("INSPECTION", null));
        LateDelivery delivery = new LateDelivery(otherServices, mongo, "intake-service");
        List<String> laterIds = delivery.inOrder(ticket, later);
        assertThat((String) JsonPath.read(ticketJson(ticket), "$.status")).isEqualTo(status);
        String engineer = JsonPath.read(ticketJson(ticket), "$.engineerId");
        List<String> timeline = timeline(ticket);

        String lateId = delivery.late(ticket, late);

        assertThat((String) JsonPath.read(ticketJson(ticket), "$.status")).isEqualTo(status);
        assertThat((String) JsonPath.read(ticketJson(ticket), "$.engineerId")).isEqualTo(engineer);
        List<String> after = timeline(ticket);
        assertThat(after).filteredOn(id -> !id.equals(lateId)).isEqualTo(timeline);
        assertThat(after).containsOnlyOnce(lateId);
        assertThat(after.indexOf(lateId)).isLessThan(after.indexOf(laterIds.getFirst()));
    }

    private String ticketJson(String ticket) throws Exception {
        return mvc.perform(get("/api/v1/tickets/{id}", ticket).with(agent())).andReturn().getResponse()
                .getContentAsString();
    }

    private List<String> timeline(String ticket) throws Exception {
        return JsonPath.read(mvc.perform(get("/api/v1/tickets/{id}/timeline", ticket).with(agent())).andReturn()
                .getResponse().getContentAsString(), "$[*].eventId");
    }

    private static Event assigned(long sequence, String engineer) {
        return new Event("dispatch.events", "dispatch.assigned.v1", sequence,
                "{\"dispatchId\":\"D1\",\"engineerId\":\"%s\"}".formatted(engineer));
    }

    private static Event accepted(long sequence) {
        return new Event("dispatch.events", "dispatch.accepted.v1", sequence, "{\"dispatchId\":\"D1\"}");
    }

    private static Event booked(long sequence) {
        return new Event("dispatch.events", "appointment.booked.v1", sequence, "{\"dispatchId\":\"D1\"}");
    }

    private static Event checkedIn(long sequence) {
        return new Event("field.events", "visit.checked-in.v1", sequence, "{\"visitId\":\"V1\"}");
    }

    private static Event decisionRequested(long sequence) {
        return new Event("field.events", "visit.decision-requested.v1", sequence, "{\"visitId\":\"V1\"}");
    }

    private static Event completed(long sequence, String outcome) {
        return new Event("field.events", "visit.completed.v1", sequence, """
                {"outcome":"%s","serviceFormSigned":true,"completedAt":"2026-11-25T08:00:00Z"}""".formatted(outcome));
    }

    private static Event recurred(long sequence) {
        return new Event("followup.events", "fault.recurred.v1", sequence, "{\"note\":\"又坏了\",\"cycle\":1}");
    }
}
