package io.yunwei.dispatch.assignment;

import static io.yunwei.chassis.testkit.Callers.engineer;
import static io.yunwei.chassis.testkit.Callers.role;
import static io.yunwei.dispatch.assignment.Desk.dispatchId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
@AutoConfigureMockMvc
class AppointmentIT {

    private static final TestEvents intake = TestInfrastructure.get().events();
    private static final TopicProbe dispatchEvents = TestInfrastructure.get().probe("dispatch.events");

    @Autowired
    MockMvc mvc;

    Desk desk;
    String engineerId;
    String ticket;
    String dispatch;
    Instant arrivalDue;

    @BeforeEach
    void aDispatchDueOnSiteInFourHours() throws Exception {
        desk = new Desk(mvc, intake, dispatchEvents);
        engineerId = desk.engineer(2);
        arrivalDue = Instant.now().plus(4, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        ticket = desk.opened("P2", arrivalDue);
        dispatch = dispatchId(ticket, 1);
        desk.awaitDispatch(dispatch);
    }

    @Test
    void logsEveryAttemptToReachTheCustomerAndAnnouncesIt() throws Exception {
        mvc.perform(post("/api/v1/dispatches/{id}/contact-attempts", dispatch).with(engineer(engineerId))
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"at":"%s","outcome":"NO_ANSWER","note":"电话无人接听，稍后再拨"}""".formatted(Instant.now())))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.contactAttempts[0].outcome").value("NO_ANSWER"))
                .andExpect(jsonPath("$.contactAttempts[0].number").value(1));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(desk.types(ticket))
                .containsExactly("dispatch.assigned.v1", "customer.contact-attempted.v1"));
        assertThat(JsonPath.<String>read(desk.payloads(ticket, "customer.contact-attempted.v1").getFirst(), "$.note"))
                .isEqualTo("电话无人接听，稍后再拨");
    }

    @Test
    void aRetriedContactAttemptWithTheSameIdempotencyKeyIsLoggedOnce() throws Exception {
        String body = """
                {"at":"%s","outcome":"REACHED","note":"客户同意下午上门"}""".formatted(Instant.now());
        for (int attempt = 0; attempt < 2; attempt++) {
            mvc.perform(post("/api/v1/dispatches/{id}/contact-attempts", dispatch).with(engineer(engineerId))
                    .header("Idempotency-Key", "k-" + ticket).contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isCreated()).andExpect(jsonPath("$.contactAttempts.length()").value(1));
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(desk.types(ticket))
                .containsExactly("dispatch.assigned.v1", "customer.contact-attempted.v1"));
    }

    @Test
    void booksAWindowBeforeTheArrivalTargetAndKeepsTheOldWindowWhenRescheduled() throws Exception {
        accept();
        book(arrivalDue.minus(3, ChronoUnit.HOURS), false).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SCHEDULED"))
                .andExpect(jsonPath("$.appointment.contactName").value("张主任"));

        book(arrivalDue.minus(2, ChronoUnit.HOURS), false).andExpect(status().isOk())
                .andExpect(jsonPath("$.appointmentHistory.length()").value(1))
                .andExpect(jsonPath("$.appointment.windowStart").value(arrivalDue.minus(2, ChronoUnit.HOURS).toString()));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(desk.types(ticket)).containsExactly(
                "dispatch.assigned.v1", "dispatch.accepted.v1", "appointment.booked.v1", "appointment.rescheduled.v1"));
        String rescheduled = desk.payloads(ticket, "appointment.rescheduled.v1").getFirst();
        assertThat(Instant.parse(JsonPath.read(rescheduled, "$.previousWindowStart")))
                .isEqualTo(arrivalDue.minus(3, ChronoUnit.HOURS));
        assertThat(JsonPath.<String>read(rescheduled, "$.contactOnArrival.phone")).isEqualTo("+86 139 1234 5678");
    }

    @Test
    void aRetriedBookingWithTheSameIdempotencyKeyBooksOnceAndAnswersAsTheFirstTime() throws Exception {
        accept();
        Instant start = arrivalDue.minus(3, ChronoUnit.HOURS);
        String first = mvc.perform(post("/api/v1/dispatches/{id}/appointment", dispatch).with(role("DISPATCHER"))
                .header("Idempotency-Key", "book-" + ticket).contentType(MediaType.APPLICATION_JSON)
                .content(appointment(start, false))).andExpect(status().isOk())
                .andExpect(header().doesNotExist("Idempotent-Replayed")).andReturn().getResponse().getContentAsString();
        // the engineer calls the customer meanwhile: the retry still answers what the booking answered
        mvc.perform(post("/api/v1/dispatches/{id}/contact-attempts", dispatch).with(engineer(engineerId))
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"at":"%s","outcome":"REACHED","note":"客户确认时间"}""".formatted(Instant.now())))
                .andExpect(status().isCreated());

        String retried = mvc.perform(post("/api/v1/dispatches/{id}/appointment", dispatch).with(role("DISPATCHER"))
                .header("Idempotency-Key", "book-" + ticket).contentType(MediaType.APPLICATION_JSON)
                .content(appointment(start, false))).andExpect(status().isOk())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(jsonPath("$.contactAttempts.length()").value(0))
                .andExpect(jsonPath("$.appointmentHistory.length()").value(0))
                .andReturn().getResponse().getContentAsString();
        assertThat(retried).isEqualTo(first);
        mvc.perform(post("/api/v1/dispatches/{id}/appointment", dispatch).with(role("DISPATCHER"))
                .header("Idempotency-Key", "book-" + ticket).contentType(MediaType.APPLICATION_JSON)
                .content(appointment(start.plus(1, ChronoUnit.HOURS), false)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_REUSED"));

        // one booking, no reschedule
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(desk.types(ticket)).containsExactly(
                "dispatch.assigned.v1", "dispatch.accepted.v1", "appointment.booked.v1",
                "customer.contact-attempted.v1"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> !desk.types(ticket).contains("appointment.rescheduled.v1"));
    }

    @Test
    void refusesAWindowAfterTheArrivalTargetUnlessTheCustomerAskedForLater() throws Exception {
        accept();
        book(arrivalDue, false).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("APPOINTMENT_AFTER_ARRIVAL_TARGET"))
                .andExpect(jsonPath("$.arrivalDue").value(arrivalDue.toString()));

        book(arrivalDue, true).andExpect(status().isOk())
                .andExpect(jsonPath("$.appointment.customerRequestedLater").value(true));
    }

    @Test
    void refusesAPreNoticeThatWouldBeDiscourteousToTheCustomerAndListsWhatToRephrase() throws Exception {
        accept();
        Instant start = arrivalDue.minus(3, ChronoUnit.HOURS);
        mvc.perform(post("/api/v1/dispatches/{id}/appointment", dispatch).with(role("DISPATCHER"))
                .contentType(MediaType.APPLICATION_JSON).content(appointment(start, false)
                        .replace("您好，我是运维工程师，预计今天按约定时间到达", "嘿，我们大概下午到")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("DISCOURTEOUS_TEXT"))
                .andExpect(jsonPath("$.findings[*].phrase").value(Matchers.hasItems("嘿", "大概")));
        mvc.perform(get("/api/v1/dispatches/{id}", dispatch).with(role("DISPATCHER")))
                .andExpect(jsonPath("$.status").value("ACCEPTED"));
    }

    @Test
    void refusesToBookBeforeTheEngineerAcceptedAndHidesTheDispatchFromOtherEngineers() throws Exception {
        book(arrivalDue.minus(3, ChronoUnit.HOURS), false).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("ILLEGAL_TRANSITION"));
        mvc.perform(post("/api/v1/dispatches/{id}/appointment", dispatch).with(engineer("e-stranger"))
                .contentType(MediaType.APPLICATION_JSON).content(appointment(arrivalDue.minus(3, ChronoUnit.HOURS), false)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/dispatches/{id}", dispatch).with(engineer("e-stranger"))).andExpect(status().isNotFound());
    }

    private void accept() throws Exception {
        mvc.perform(post("/api/v1/dispatches/{id}/acceptance", dispatch).with(engineer(engineerId)))
                .andExpect(status().isOk());
    }

    private ResultActions book(Instant windowStart, boolean customerRequestedLater) throws Exception {
        return mvc.perform(post("/api/v1/dispatches/{id}/appointment", dispatch).with(role("DISPATCHER"))
                .contentType(MediaType.APPLICATION_JSON).content(appointment(windowStart, customerRequestedLater)));
    }

    private static String appointment(Instant windowStart, boolean customerRequestedLater) {
        return """
                {"windowStart":"%s","windowEnd":"%s","contactOnArrival":{"name":"张主任","phone":"+86 139 1234 5678"},
                 "preNotice":"您好，我是运维工程师，预计今天按约定时间到达贵司机房，请您安排登记，谢谢。",
                 "customerRequestedLater":%s}""".formatted(windowStart, windowStart.plus(1, ChronoUnit.HOURS),
                customerRequestedLater);
    }
}
