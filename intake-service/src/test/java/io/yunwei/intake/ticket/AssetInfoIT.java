package io.yunwei.intake.ticket;

import static io.yunwei.chassis.testkit.Callers.agent;
import static io.yunwei.chassis.testkit.Callers.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
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
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
@AutoConfigureMockMvc
class AssetInfoIT {

    private static final TopicProbe intakeEvents = TestInfrastructure.get().probe("intake.events");
    private static final TestEvents otherServices = TestInfrastructure.get().events();

    @Autowired
    MockMvc mvc;

    @Autowired
    MongoTemplate mongo;

    @Test
    void keepsWhatTheEngineerCollectedOnSiteAndAnnouncesIt() throws Exception {
        Desk desk = new Desk(mvc);
        String ups = desk.asset("UPS");
        String ticket = desk.recorded(desk.report("INSPECTION", "\"assetIds\":[\"%s\"]".formatted(ups)));

        String info = """
                {"visitId":"%s-V1","assetId":"%s","attributes":{"firmware":"v2.1.7","batteryInstalled":"2024-03"},
                 "collectedAt":"2026-11-25T03:00:00Z"}""".formatted(ticket, ups);
        String eventId = otherServices.send("field.events", "asset.info-collected.v1", ticket, 1, info);
        otherServices.send("field.events", "asset.info-collected.v1", ticket, 1, info, eventId);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> mvc.perform(get("/api/v1/assets/{id}", ups)
                .with(customer(desk.customerId))).andExpect(status().isOk())
                .andExpect(jsonPath("$.attributes.firmware").value("v2.1.7"))
                .andExpect(jsonPath("$.attributes.batteryInstalled").value("2024-03")));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(intakeEvents.typesOf(ticket)).contains("asset.updated.v1"));
        String updated = intakeEvents.records().stream().filter(r -> ticket.equals(r.key()))
                .filter(r -> "asset.updated.v1".equals(TopicProbe.header(r, "ce_type"))).findFirst().orElseThrow().value();
        assertThat(JsonPath.<String>read(updated, "$.assetId")).isEqualTo(ups);
        List<String> timeline = JsonPath.read(mvc.perform(get("/api/v1/tickets/{id}/timeline", ticket).with(agent()))
                .andReturn().getResponse().getContentAsString(), "$[*].type");
        assertThat(timeline).containsSubsequence("asset.info-collected.v1", "asset.updated.v1");
        assertThat(timeline).filteredOn("asset.updated.v1"::equals).hasSize(1);
    }

    @Test
    void keepsTheNewerCollectionWhenAnOlderOneIsRedrivenLate() throws Exception {
        Desk desk = new Desk(mvc);
        String ups = desk.asset("UPS");
        String ticket = desk.recorded(desk.report("INSPECTION", "\"assetIds\":[\"%s\"]".formatted(ups)));
        LateDelivery delivery = new LateDelivery(otherServices, mongo, "intake-service");
        delivery.inOrder(ticket, List.of(collected(2, ups, "v2.2.0", "2026-11-26T03:00:00Z")));

        delivery.late(ticket, collected(1, ups, "v2.1.7", "2026-11-25T03:00:00Z"));

        mvc.perform(get("/api/v1/assets/{id}", ups).with(customer(desk.customerId)))
                .andExpect(jsonPath("$.attributes.firmware").value("v2.2.0"));
        List<String> timeline = JsonPath.read(mvc.perform(get("/api/v1/tickets/{id}/timeline", ticket).with(agent()))
                .andReturn().getResponse().getContentAsString(), "$[*].type");
        assertThat(timeline).filteredOn("asset.info-collected.v1"::equals).hasSize(2);
        assertThat(timeline).filteredOn("asset.updated.v1"::equals).hasSize(1);
    }

    private static Event collected(long sequence, String asset, String firmware, String collectedAt) {
        return new Event("field.events", "asset.info-collected.v1", sequence, """
                {"assetId":"%s","attributes":{"firmware":"%s"},"collectedAt":"%s"}"""
                .formatted(asset, firmware, collectedAt));
    }
}
