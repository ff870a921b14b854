package io.yunwei.dispatch.assignment;

import static io.yunwei.chassis.testkit.Callers.customer;
import static io.yunwei.chassis.testkit.Callers.engineer;
import static io.yunwei.chassis.testkit.Callers.role;
import static io.yunwei.dispatch.assignment.Desk.dispatchId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.yunwei.chassis.idempotency.IdempotencyKeys;
import io.yunwei.chassis.testkit.CourtesyRefusalCount;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

/** A pre-notice refused for its wording is counted for the supervisors, under its categories, once. */
@IntegrationTest
@AutoConfigureMockMvc
class PreNoticeRefusalsIT {

    private static final TestEvents intake = TestInfrastructure.get().events();
    private static final TopicProbe dispatchEvents = TestInfrastructure.get().probe("dispatch.events");
    private static final String COURTEOUS = "您好，我是运维工程师，预计今天按约定时间到达贵司机房，请您安排登记，谢谢。";

    @Autowired
    MockMvc mvc;

    String dispatch;
    Instant arrivalDue;

    @BeforeEach
    void anAcceptedDispatch() throws Exception {
        Desk desk = new Desk(mvc, intake, dispatchEvents);
        String engineerId = desk.engineer(2);
        arrivalDue = Instant.now().plus(4, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String ticket = desk.opened("P2", arrivalDue);
        dispatch = dispatchId(ticket, 1);
        desk.awaitDispatch(dispatch);
        mvc.perform(post("/api/v1/dispatches/{id}/acceptance", dispatch).with(engineer(engineerId)))
                .andExpect(status().isOk());
    }

    @Test
    void countsARefusedPreNoticeOnceUnderEachOfItsCategoriesForTheDispatcher() throws Exception {
        CourtesyRefusalCount before = CourtesyRefusalCount.today(mvc, "dispatch");

        // a form of address and two vague words: one refusal, in two categories
        book("嘿，我们大概下午到，可能晚一点").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("DISCOURTEOUS_TEXT"));

        CourtesyRefusalCount after = CourtesyRefusalCount.today(mvc, "dispatch");
        assertThat(after.refusals() - before.refusals()).isEqualTo(1);
        assertThat(after.in("FORM_OF_ADDRESS") - before.in("FORM_OF_ADDRESS")).isEqualTo(1);
        assertThat(after.in("VAGUENESS") - before.in("VAGUENESS")).isEqualTo(1);
        assertThat(after.in("DEFLECTION") - before.in("DEFLECTION")).isZero();
        assertThat(after.in("IMPATIENCE") - before.in("IMPATIENCE")).isZero();
        assertThat(after.by("dispatcher") - before.by("dispatcher")).isEqualTo(1);
    }

    @Test
    void countsARefusalRetriedUnderItsIdempotencyKeyOnceAndAnotherRefusedTextUnderTheSameKeyAgain() throws Exception {
        CourtesyRefusalCount before = CourtesyRefusalCount.today(mvc, "dispatch");
        String key = "booking-" + dispatch;

        for (int attempt = 0; attempt < 3; attempt++) {
            book("嘿，我们大概下午到", key).andExpect(status().isUnprocessableContent());
        }
        assertThat(CourtesyRefusalCount.today(mvc, "dispatch").refusals() - before.refusals()).isEqualTo(1);

        book("哥们儿，下午到", key).andExpect(status().isUnprocessableContent());
        book("嘿，我们大概下午到", null).andExpect(status().isUnprocessableContent());
        book("嘿，我们大概下午到", null).andExpect(status().isUnprocessableContent());
        CourtesyRefusalCount after = CourtesyRefusalCount.today(mvc, "dispatch");
        assertThat(after.refusals() - before.refusals()).as("another text, then two sent without a key").isEqualTo(4);
        assertThat(after.by("dispatcher") - before.by("dispatcher")).isEqualTo(4);
    }

    @Test
    void doesNotCountACourteousPreNotice() throws Exception {
        CourtesyRefusalCount before = CourtesyRefusalCount.today(mvc, "dispatch");

        book(COURTEOUS).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("SCHEDULED"));

        assertThat(CourtesyRefusalCount.today(mvc, "dispatch").refusals()).isEqualTo(before.refusals());
    }

    @Test
    void showsTheCountToSupervisorsAndAdministratorsOnly() throws Exception {
        String report = "/api/v1/admin/dispatch/courtesy-refusals";
        mvc.perform(get(report).with(role("AGENT"))).andExpect(status().isForbidden());
        mvc.perform(get(report).with(role("DISPATCHER"))).andExpect(status().isForbidden());
        mvc.perform(get(report).with(customer("acme"))).andExpect(status().isForbidden());
        mvc.perform(get(report).with(role("ADMIN"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.service").value("dispatch"));
    }

    private ResultActions book(String preNotice) throws Exception {
        return book(preNotice, null);
    }

    private ResultActions book(String preNotice, String idempotencyKey) throws Exception {
        Instant start = arrivalDue.minus(3, ChronoUnit.HOURS);
        MockHttpServletRequestBuilder request = post("/api/v1/dispatches/{id}/appointment", dispatch);
        if (idempotencyKey != null) {
            request.header(IdempotencyKeys.HEADER, idempotencyKey);
        }
        return mvc.perform(request.with(role("DISPATCHER"))
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"windowStart":"%s","windowEnd":"%s","contactOnArrival":{"name":"张主任","phone":"+86 139 1234 5678"},
                         "preNotice":"%s"}""".formatted(start, start.plus(1, ChronoUnit.HOURS), preNotice)));
    }
}
