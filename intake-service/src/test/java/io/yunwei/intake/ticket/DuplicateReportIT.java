package io.yunwei.intake.ticket;

import static io.yunwei.chassis.testkit.Callers.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
@AutoConfigureMockMvc
class DuplicateReportIT {

    private static final TopicProbe intakeEvents = TestInfrastructure.get().probe("intake.events");

    @Autowired
    MockMvc mvc;

    Desk desk;
    String ups;

    @BeforeEach
    void customerWithAnAsset() throws Exception {
        desk = new Desk(mvc);
        ups = desk.asset("UPS");
    }

    @Test
    void linksASecondReportAboutTheSameAssetInsteadOfOpeningIt() throws Exception {
        String first = desk.recorded(desk.report("INTEGRATION", assets()));

        String second = desk.recorded(desk.report("INTEGRATION", assets()));

        mvc.perform(get("/api/v1/tickets/{id}", second).with(agent())).andExpect(jsonPath("$.status").value("LINKED"))
                .andExpect(jsonPath("$.duplicateOf").value(first));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(intakeEvents.typesOf(second))
                .containsExactly("ticket.recorded.v1", "ticket.status-changed.v1"));
    }

    @Test
    void linksACustomersCallAboutEquipmentAlreadyBeingHandled() throws Exception {
        String first = desk.recorded(desk.report("INTEGRATION", assets()));

        desk.record(desk.report("CUSTOMER_CALL", assets())).andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("LINKED")).andExpect(jsonPath("$.duplicateOf").value(first));
    }

    @Test
    void opensAFreshReportOnceThePreviousTicketIsCancelled() throws Exception {
        String first = desk.recorded(desk.report("INTEGRATION", assets()));
        desk.send(post("/api/v1/tickets/{id}/cancellation", first), "{\"reason\":\"误报\"}").andExpect(status().isOk());

        desk.record(desk.report("INTEGRATION", assets())).andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("OPEN")).andExpect(jsonPath("$.duplicateOf").doesNotExist());
    }

    @Test
    void opensAnEngineersFindingEvenWhileTheAssetHasATicket() throws Exception {
        desk.recorded(desk.report("INTEGRATION", assets()));

        desk.record(desk.report("INSPECTION", assets())).andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("OPEN"));
    }

    @Test
    void showsTheAssetWithItsTicketHistoryAndTheTicketStandingForIt() throws Exception {
        String first = desk.recorded(desk.report("INTEGRATION", assets()));
        String second = desk.recorded(desk.report("CUSTOMER_CALL", assets()));

        mvc.perform(get("/api/v1/assets/{id}", ups).with(agent())).andExpect(status().isOk())
                .andExpect(jsonPath("$.category").value("UPS"))
                .andExpect(jsonPath("$.openTicketId").value(first))
                .andExpect(jsonPath("$.tickets[*].id").value(contains(second, first)))
                .andExpect(jsonPath("$.tickets[0].duplicateOf").value(first));
    }

    private String assets() {
        return "\"assetIds\":[\"%s\"]".formatted(ups);
    }
}
