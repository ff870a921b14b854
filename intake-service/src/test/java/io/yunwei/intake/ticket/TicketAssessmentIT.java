package io.yunwei.intake.ticket;

import static io.yunwei.chassis.testkit.Callers.customer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;

/** A draft is assessed as recording would judge it, and nothing is recorded. */
@IntegrationTest
@AutoConfigureMockMvc
class TicketAssessmentIT {

    @Autowired
    MockMvc mvc;

    Desk desk;

    @BeforeEach
    void customerWithASite() throws Exception {
        desk = new Desk(mvc);
    }

    @Test
    void scoresADraftByTheRuleRecordingAppliesAndSavesNothing() throws Exception {
        String draft = desk.report("CUSTOMER_CALL", null, "where", "why");
        String recorded = desk.record(desk.report("CUSTOMER_CALL", null, "where", "why")).andReturn().getResponse()
                .getContentAsString();

        assess(draft).andExpect(status().isOk())
                .andExpect(jsonPath("$.completeness.score").value((double) JsonPath.read(recorded, "$.completeness.score")))
                .andExpect(jsonPath("$.completeness.missing", contains("WHERE", "WHY")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> mvc.perform(get("/api/v1/tickets")
                .param("customerId", desk.customerId).with(io.yunwei.chassis.testkit.Callers.agent()))
                .andExpect(jsonPath("$.totalElements").value(1)));
    }

    @Test
    void namesTheCourtesyFindingsOfEachTextByItsField() throws Exception {
        assess("{\"what\":{\"symptom\":\"哥们儿,打印机坏了\"},\"locale\":\"zh-CN\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.courtesy[0].field").value("what.symptom"))
                .andExpect(jsonPath("$.courtesy[0].findings[0].phrase").value("哥们儿"));
    }

    @Test
    void namesTheOpenTicketOfTheSameAssetAsTheOneRecordingWouldLinkTo() throws Exception {
        String ups = desk.asset("UPS");
        String first = desk.recorded(desk.report("INTEGRATION", "\"assetIds\":[\"%s\"]".formatted(ups)));

        assess("{\"customerId\":\"%s\",\"assetIds\":[\"%s\"]}".formatted(desk.customerId, ups))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.duplicates[0].ticketId").value(first))
                .andExpect(jsonPath("$.duplicates[0].likeness").value("SAME_ASSET"))
                .andExpect(jsonPath("$.duplicates[0].linksTo").value(true));
    }

    @Test
    void anInspectionFindingIsToldItWouldNotBeLinked() throws Exception {
        String ups = desk.asset("UPS");
        desk.recorded(desk.report("INTEGRATION", "\"assetIds\":[\"%s\"]".formatted(ups)));

        assess("{\"channel\":\"INSPECTION\",\"customerId\":\"%s\",\"assetIds\":[\"%s\"]}".formatted(desk.customerId, ups))
                .andExpect(jsonPath("$.duplicates[0].likeness").value("SAME_ASSET"))
                .andExpect(jsonPath("$.duplicates[0].linksTo").value(false));
    }

    @Test
    void namesOpenTicketsAtTheSameSiteOnceTheyAreFound() throws Exception {
        String first = desk.recorded(desk.report("INTEGRATION", null));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assess(
                "{\"customerId\":\"%s\",\"siteId\":\"hq\"}".formatted(desk.customerId)).andExpect(status().isOk())
                .andExpect(jsonPath("$.duplicates[*].ticketId", hasItem(first)))
                .andExpect(jsonPath("$.duplicates[0].likeness").value("SAME_SITE"))
                .andExpect(jsonPath("$.duplicates[0].linksTo").value(false)));
    }

    @Test
    void refusesAMalformedDraftWithAProblemNamingTheField() throws Exception {
        assess("{\"how\":{\"impact\":\"ENORMOUS\"}}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").exists());
        assess("{\"locale\":\"<script>\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("locale"));
    }

    @Test
    void aCustomerDoesNotLearnOfAnotherCustomersTickets() throws Exception {
        mvc.perform(post("/api/v1/tickets/assessment").with(customer("someone-else"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"customerId\":\"%s\",\"siteId\":\"hq\"}".formatted(desk.customerId)))
                .andExpect(status().isNotFound());
    }

    private org.springframework.test.web.servlet.ResultActions assess(String body) throws Exception {
        return desk.send(post("/api/v1/tickets/assessment"), body);
    }
}
