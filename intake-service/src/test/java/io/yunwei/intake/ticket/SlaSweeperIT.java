package io.yunwei.intake.ticket;

import static io.yunwei.chassis.testkit.Callers.agent;
import static io.yunwei.chassis.testkit.Callers.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.events.EventHeaders;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;
import io.yunwei.chassis.time.BusinessCalendar;

@IntegrationTest
@AutoConfigureMockMvc
class SlaSweeperIT {

    private static final TopicProbe intakeEvents = TestInfrastructure.get().probe("intake.events");

    @Autowired
    MockMvc mvc;

    @Autowired
    SlaSweeper sweeper;

    @Test
    void warnsBeforeAndReportsTheBreachOfTheResponseTargetOnceEach() throws Exception {
        Desk desk = new Desk(mvc);
        String id = desk.recorded(desk.report("INSPECTION", null));
        Instant opened = Instant.parse(JsonPath.read(mvc.perform(get("/api/v1/tickets/{id}", id).with(agent()))
                .andReturn().getResponse().getContentAsString(), "$.openedAt"));

        sweeper.sweep(opened.plus(Duration.ofMinutes(25)));
        sweeper.sweep(opened.plus(Duration.ofMinutes(31)));
        sweeper.sweep(opened.plus(Duration.ofMinutes(31)));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(intakeEvents.typesOf(id))
                .containsSubsequence("ticket.opened.v1", "ticket.sla-warning.v1", "ticket.sla-breached.v1"));
        assertThat(intakeEvents.typesOf(id)).filteredOn(type -> type.startsWith("ticket.sla-")).hasSize(2);
        mvc.perform(get("/api/v1/tickets/{id}", id).with(agent()))
                .andExpect(jsonPath("$.slaClock.breached[0]").value("RESPONSE"));
    }

    @Test
    void countsInTheBusinessCalendarTheContractNames() throws Exception {
        Desk desk = new Desk(mvc);
        desk.contract("{\"coveredCategories\":[\"UPS\"],\"slaTier\":\"GOLD\",\"expiresAt\":\"2099-01-01T00:00:00Z\","
                + "\"businessCalendar\":\"CN-STANDARD\"}").andExpect(status().isOk());

        String id = desk.recorded(desk.report("INSPECTION", null));

        mvc.perform(get("/api/v1/tickets/{id}", id).with(agent())).andExpect(jsonPath("$.status").value("OPEN"))
                .andExpect(jsonPath("$.slaClock.calendar").value("CN-STANDARD"))
                .andExpect(jsonPath("$.slaClock.tier").value("GOLD"));
    }

    @Test
    void givesAGoldContractTheFasterResponseItsTierPromises() throws Exception {
        Desk desk = new Desk(mvc);
        desk.contract("{\"coveredCategories\":[\"UPS\"],\"slaTier\":\"GOLD\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}")
                .andExpect(status().isOk());

        String ticket = mvc.perform(get("/api/v1/tickets/{id}", desk.recorded(desk.report("INSPECTION", null)))
                .with(agent())).andReturn().getResponse().getContentAsString();

        assertThat(Duration.between(Instant.parse(JsonPath.read(ticket, "$.openedAt")),
                Instant.parse(JsonPath.read(ticket, "$.sla.responseDue")))).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void reappliesThePolicyToAnOpenTicketWhenASupervisorAsks() throws Exception {
        Desk desk = new Desk(mvc);
        String id = desk.recorded(desk.report("INSPECTION", null));

        String before = mvc.perform(get("/api/v1/tickets/{id}", id).with(role("AGENT"))).andReturn().getResponse()
                .getContentAsString();
        // a reapplication says why; without a reason it is refused and changes nothing
        mvc.perform(post("/api/v1/tickets/{id}/sla-reapplication", id).with(role("SUPERVISOR")))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/tickets/{id}/sla-reapplication", id).with(role("SUPERVISOR"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\" \"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        assertThat(mvc.perform(get("/api/v1/tickets/{id}", id).with(role("AGENT"))).andReturn().getResponse()
                .getContentAsString()).isEqualTo(before);

        mvc.perform(post("/api/v1/tickets/{id}/sla-reapplication", id).with(role("SUPERVISOR"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"合同已升级为金牌服务\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.sla.resolutionDue").isNotEmpty());

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(intakeEvents.typesOf(id)).contains("ticket.sla-reapplied.v1"));
        assertThat(intakeEvents.records()).filteredOn(r -> id.equals(r.key())
                && "ticket.sla-reapplied.v1".equals(TopicProbe.header(r, EventHeaders.TYPE)))
                .singleElement().satisfies(r -> assertThat(r.value()).contains("\"reason\":\"合同已升级为金牌服务\""));
    }
}
