package io.yunwei.dispatch.assignment;

import static io.yunwei.chassis.testkit.Callers.engineer;
import static io.yunwei.chassis.testkit.Callers.role;
import static io.yunwei.dispatch.assignment.Desk.dispatchId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;

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
class DeclineAndReassignmentIT {

    private static final TestEvents intake = TestInfrastructure.get().events();
    private static final TopicProbe dispatchEvents = TestInfrastructure.get().probe("dispatch.events");

    @Autowired
    MockMvc mvc;

    Desk desk;

    @BeforeEach
    void desk() {
        desk = new Desk(mvc, intake, dispatchEvents);
    }

    @Test
    void aDeclinedTicketGoesToTheNextCandidateAndTheDeclinersCapacityComesBack() throws Exception {
        String first = desk.engineer(3);
        String second = desk.engineer(2);
        String ticket = desk.opened("P2");
        assertThat(desk.engineerOf(dispatchId(ticket, 1))).isEqualTo(first);

        decline(dispatchId(ticket, 1), first, "车辆故障，无法按时到达")
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("DECLINED"))
                .andExpect(jsonPath("$.endReason").value("车辆故障，无法按时到达"));

        mvc.perform(get("/api/v1/dispatches/{id}", dispatchId(ticket, 2)).with(role("DISPATCHER")))
                .andExpect(jsonPath("$.engineerId").value(second)).andExpect(jsonPath("$.status").value("ASSIGNED"))
                .andExpect(jsonPath("$.explanation.candidates[?(@.engineerId == '%s')].ruledOutBecause[0]"
                        .formatted(first)).value("already had this ticket in this cycle"));
        assertThat(desk.active(first)).isZero();
        assertThat(desk.active(second)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(desk.types(ticket)).containsExactly(
                "dispatch.assigned.v1", "dispatch.declined.v1", "dispatch.reassigned.v1", "dispatch.assigned.v1"));
        String reassigned = desk.payloads(ticket, "dispatch.reassigned.v1").getFirst();
        assertThat(JsonPath.<String>read(reassigned, "$.engineerId")).isEqualTo(second);
        assertThat(JsonPath.<String>read(reassigned, "$.dispatchId")).isEqualTo(dispatchId(ticket, 2));
        assertThat(JsonPath.<String>read(reassigned, "$.previousEngineerId")).isEqualTo(first);
        assertThat(JsonPath.<String>read(reassigned, "$.cause")).isEqualTo("DECLINED");
        assertThat(JsonPath.<String>read(desk.payloads(ticket, "dispatch.assigned.v1").get(1), "$.engineerId"))
                .isEqualTo(second);
    }

    @Test
    void aTicketRefusedThreeTimesWaitsOnTheDispatchersBoard() throws Exception {
        List<String> engineers = List.of(desk.engineer(4), desk.engineer(3), desk.engineer(2), desk.engineer(1));
        String ticket = desk.opened("P2");
        for (int n = 1; n <= 3; n++) {
            String dispatch = dispatchId(ticket, n);
            decline(dispatch, desk.engineerOf(dispatch), "另有紧急任务").andExpect(status().isOk());
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(desk.types(ticket))
                .endsWith("dispatch.declined.v1", "dispatch.escalated.v1"));
        assertThat(desk.types(ticket)).filteredOn("dispatch.assigned.v1"::equals).hasSize(3);
        mvc.perform(get("/api/v1/dispatches/{id}", dispatchId(ticket, 4)).with(role("DISPATCHER")))
                .andExpect(status().isNotFound());
        for (String engineer : engineers) {
            assertThat(desk.active(engineer)).isZero();
        }
        mvc.perform(get("/api/v1/escalations").param("areaCode", desk.area).with(role("DISPATCHER")))
                .andExpect(jsonPath("$.content[0].ticketId").value(ticket))
                .andExpect(jsonPath("$.content[0].failures").value(3))
                .andExpect(jsonPath("$.content[0].triedEngineers.length()").value(3))
                .andExpect(jsonPath("$.content[0].reason").value(Matchers.startsWith("refused 3 times")));
    }

    @Test
    void aDispatcherGivesAnEscalatedTicketToAnEngineerOfTheirChoice() throws Exception {
        String ticket = desk.opened("P2");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(desk.types(ticket))
                .containsExactly("dispatch.escalated.v1"));
        String engineer = desk.engineer(1);

        mvc.perform(post("/api/v1/escalations/{ticket}/assignment", ticket).with(role("DISPATCHER"))
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"engineerId":"%s","reason":"王工今天回到岗位"}""".formatted(engineer)))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.id").value(dispatchId(ticket, 1)))
                .andExpect(jsonPath("$.explanation.reason").value(Matchers.containsString("王工今天回到岗位")));

        assertThat(desk.active(engineer)).isEqualTo(1);
        mvc.perform(get("/api/v1/escalations").param("areaCode", desk.area).with(role("DISPATCHER")))
                .andExpect(jsonPath("$.totalElements").value(0));
    }

    @Test
    void aDispatcherMovesATicketToAnotherEngineerWithAReason() throws Exception {
        String first = desk.engineer(3);
        String second = desk.engineer(1);
        String ticket = desk.opened("P2");
        String dispatch = dispatchId(ticket, 1);
        desk.awaitDispatch(dispatch);

        reassign(dispatch, second, "客户指定李工").andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").value(dispatchId(ticket, 2)))
                .andExpect(jsonPath("$.engineerId").value(second))
                .andExpect(jsonPath("$.explanation.chosen").value(second))
                .andExpect(jsonPath("$.explanation.reason").value(Matchers.containsString("客户指定李工")));

        mvc.perform(get("/api/v1/dispatches/{id}", dispatch).with(role("DISPATCHER")))
                .andExpect(jsonPath("$.status").value("REASSIGNED"));
        assertThat(desk.active(first)).isZero();
        assertThat(desk.active(second)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(desk.types(ticket)).containsExactly(
                "dispatch.assigned.v1", "dispatch.reassigned.v1", "dispatch.assigned.v1"));
        assertThat(JsonPath.<String>read(desk.payloads(ticket, "dispatch.reassigned.v1").getFirst(), "$.cause"))
                .isEqualTo("DISPATCHER");
    }

    @Test
    void aRetriedReassignmentWithTheSameIdempotencyKeyMovesTheTicketOnlyOnce() throws Exception {
        desk.engineer(3);
        String second = desk.engineer(2);
        String ticket = desk.opened("P2");
        String dispatch = dispatchId(ticket, 1);
        desk.awaitDispatch(dispatch);
        String body = "{\"engineerId\":\"%s\",\"reason\":\"客户指定\"}".formatted(second);

        for (int attempt = 0; attempt < 2; attempt++) {
            mvc.perform(post("/api/v1/dispatches/{id}/reassignment", dispatch).with(role("DISPATCHER"))
                    .header("Idempotency-Key", "k-" + ticket).contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isCreated()).andExpect(jsonPath("$.id").value(dispatchId(ticket, 2)));
        }
        mvc.perform(post("/api/v1/dispatches/{id}/reassignment", dispatch).with(role("DISPATCHER"))
                .header("Idempotency-Key", "k-" + ticket).contentType(MediaType.APPLICATION_JSON)
                .content(body.replace("客户指定", "另一个理由")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_REUSED"));

        assertThat(desk.active(second)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(desk.types(ticket)).containsExactly(
                "dispatch.assigned.v1", "dispatch.reassigned.v1", "dispatch.assigned.v1"));
    }

    @Test
    void refusesToReassignToAnEngineerWithNoRoomLeft() throws Exception {
        String first = desk.engineer(3);
        String other = desk.opened("P2");
        String ticket = desk.opened("P2");
        desk.awaitDispatch(dispatchId(ticket, 1));
        desk.awaitDispatch(dispatchId(other, 1));
        String full = desk.engineer(1);
        reassign(dispatchId(other, 1), full, "先占满").andExpect(status().isCreated());

        reassign(dispatchId(ticket, 1), full, "客户指定").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("ENGINEER_AT_CAPACITY"));
        mvc.perform(get("/api/v1/dispatches/{id}", dispatchId(ticket, 1)).with(role("DISPATCHER")))
                .andExpect(jsonPath("$.status").value("ASSIGNED")).andExpect(jsonPath("$.engineerId").value(first));
        assertThat(desk.active(full)).isEqualTo(1);
    }

    @Test
    void anEngineerCannotDeclineSomeoneElsesDispatchNorDeclineWithoutAReason() throws Exception {
        String assigned = desk.engineer(2);
        String ticket = desk.opened("P2");
        String dispatch = dispatchId(ticket, 1);
        desk.awaitDispatch(dispatch);

        decline(dispatch, "e-someone-else", "不想去").andExpect(status().isNotFound());
        decline(dispatch, assigned, "").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        mvc.perform(post("/api/v1/dispatches/{id}/acceptance", dispatch).with(engineer(assigned)))
                .andExpect(status().isOk());
        decline(dispatch, assigned, "改变主意").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("ILLEGAL_TRANSITION"));
    }

    private ResultActions decline(String dispatch, String engineerId, String reason) throws Exception {
        return mvc.perform(post("/api/v1/dispatches/{id}/declination", dispatch).with(engineer(engineerId))
                .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"%s\"}".formatted(reason)));
    }

    private ResultActions reassign(String dispatch, String engineerId, String reason) throws Exception {
        return mvc.perform(post("/api/v1/dispatches/{id}/reassignment", dispatch).with(role("DISPATCHER"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"engineerId\":\"%s\",\"reason\":\"%s\"}".formatted(engineerId, reason)));
    }
}
