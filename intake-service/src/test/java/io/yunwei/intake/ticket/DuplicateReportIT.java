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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
@AutoConfigureMockMvc
class DuplicateReportIT {

    private static final TopicProbe intakeEvents = TestInfrastructure.get().probe("intake.events");

    @Autowired
    MockMvc mvc;

    @Autowired
    OpenTicketsByAsset claims;

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

    @Test
    void opensOneTicketWhenReportsAboutAnAssetArriveAtOnce() throws Exception {
        int reports = 6;
        for (int round = 0; round < 4; round++) {
            String asset = desk.asset("UPS");
            String body = desk.report("INTEGRATION", "\"assetIds\":[\"%s\"]".formatted(asset));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            try (ExecutorService callers = Executors.newFixedThreadPool(reports)) {
                for (int i = 0; i < reports; i++) {
                    answers.add(callers.submit(() -> {
                        start.await();
                        return desk.record(body).andExpect(status().isCreated()).andReturn().getResponse()
                                .getContentAsString();
                    }));
                }
                start.countDown();
                List<String> tickets = new ArrayList<>();
                for (Future<String> answer : answers) {
                    tickets.add(answer.get(30, TimeUnit.SECONDS));
                }
                List<String> opened = tickets.stream().filter(t -> "OPEN".equals(JsonPath.read(t, "$.status")))
                        .map(t -> (String) JsonPath.read(t, "$.id")).toList();
                assertThat(opened).as("tickets opened for asset %s", asset).hasSize(1);
                assertThat(tickets).filteredOn(t -> "LINKED".equals(JsonPath.read(t, "$.status")))
                        .extracting(t -> (String) JsonPath.read(t, "$.duplicateOf")).hasSize(reports - 1)
                        .containsOnly(opened.get(0));
            }
        }
    }

    @Test
    void givesTheAssetBackWhenItsTicketIsCancelled() throws Exception {
        String first = desk.recorded(desk.report("INTEGRATION", assets()));
        assertThat(claims.openTicketOf(ups)).contains(first);

        desk.send(post("/api/v1/tickets/{id}/cancellation", first), "{\"reason\":\"误报\"}").andExpect(status().isOk());

        assertThat(claims.openTicketOf(ups)).isEmpty();
    }

    @Test
    void givesTheAssetBackWhenItsTicketClosesAndTakesItAgainWhenTheFaultRecurs() throws Exception {
        String first = desk.recorded(desk.report("INTEGRATION", assets()));
        TestInfrastructure.get().events().send("field.events", "visit.completed.v1", first, 1,
                "{\"ticketId\":\"%s\",\"outcome\":\"RESOLVED\",\"serviceFormSigned\":true,\"completedAt\":\"2026-11-25T10:00:00Z\"}"
                        .formatted(first));
        desk.awaitStatus(first, "CLOSED");
        assertThat(claims.openTicketOf(ups)).isEmpty();

        TestInfrastructure.get().events().send("followup.events", "fault.recurred.v1", first, 1,
                "{\"ticketId\":\"%s\",\"note\":\"回访发现故障复现\"}".formatted(first));
        desk.awaitStatus(first, "REOPENED");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(claims.openTicketOf(ups)).contains(first));
    }

    private String assets() {
        return "\"assetIds\":[\"%s\"]".formatted(ups);
    }
}
