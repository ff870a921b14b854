package io.yunwei.intake.ticket;

import static io.yunwei.chassis.testkit.Callers.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;

/**
 * The intake part of the operations metrics catalogue: each meter appears with the tags a dashboard filters by,
 * and moves when the call centre does what it counts.
 */
@IntegrationTest
@AutoConfigureMockMvc
class IntakeMetricsIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    SlaSweeper sweeper;

    @Test
    void countsTicketsRecordedAndOpenedByChannel() throws Exception {
        Desk desk = new Desk(mvc);
        Supplier<Double> recorded = () -> counter("yunwei.tickets.recorded", "channel", "CUSTOMER_CALL");
        Supplier<Double> opened = () -> counter("yunwei.tickets.opened", "channel", "CUSTOMER_CALL");
        double recordedBefore = recorded.get();
        double openedBefore = opened.get();

        String id = desk.recorded(desk.report("CUSTOMER_CALL", null, "where"));
        assertThat(recorded.get() - recordedBefore).isEqualTo(1.0);
        assertThat(opened.get() - openedBefore).isZero();

        desk.amend(id, desk.etag(id), "{\"where\":{\"location\":\"机房 A 排 3 号柜\"}}").andExpect(status().isOk());
        desk.readBack(id).andExpect(status().isOk());

        assertThat(opened.get() - openedBefore).isEqualTo(1.0);
    }

    @Test
    void measuresHowComplete5W1HIsAtRecordingInBucketsPerDimension() throws Exception {
        Desk desk = new Desk(mvc);
        DistributionSummary existing = meters.find("yunwei.tickets.completeness").tag("channel", "INTEGRATION").summary();
        double before = existing == null ? 0 : existing.count();
        double totalBefore = existing == null ? 0 : existing.totalAmount();

        desk.recorded(desk.report("INTEGRATION", null, "why", "how"));

        assertThat(completeness().count() - before).isEqualTo(1);
        assertThat(completeness().totalAmount() - totalBefore).isCloseTo(0.67, Offset.offset(0.001));
        assertThat(completeness().takeSnapshot().histogramCounts()).extracting(CountAtBucket::bucket)
                .contains(0.5, 0.67, 1.0);
    }

    @Test
    void countsCallsAnsweredWithinAndAfterThreeRingsWithTheirAnswerTime() throws Exception {
        double within = counter("yunwei.calls.answered", "within_three_rings", "true");
        double after = counter("yunwei.calls.answered", "within_three_rings", "false");
        long timed = meters.get("yunwei.calls.answer.time").timer().count();

        call("2026-11-25T09:00:00Z", "2026-11-25T09:00:09Z");
        call("2026-11-25T09:00:00Z", "2026-11-25T09:00:40Z");

        assertThat(counter("yunwei.calls.answered", "within_three_rings", "true") - within).isEqualTo(1.0);
        assertThat(counter("yunwei.calls.answered", "within_three_rings", "false") - after).isEqualTo(1.0);
        assertThat(meters.get("yunwei.calls.answer.time").timer().count() - timed).isEqualTo(2);
        assertThat(meters.get("yunwei.calls.three.rings.share").gauge().value()).isBetween(0.0, 1.0);
    }

    @Test
    void countsCourtesyFindingsByCategoryForTheIntakeService() throws Exception {
        Supplier<Double> addressed = () -> counter("yunwei.courtesy.findings", "category", "FORM_OF_ADDRESS");
        double before = addressed.get();

        mvc.perform(post("/api/v1/courtesy/checks").with(agent()).contentType("application/json")
                .content("{\"text\":\"哥们儿,这不是我的事,你自己去问\"}")).andExpect(status().isOk());

        assertThat(meters.get("yunwei.courtesy.findings").tag("service", "intake").tag("category", "FORM_OF_ADDRESS")
                .counter().count() - before).isEqualTo(1.0);
    }

    @Test
    void countsSlaWarningsAndBreachesByTargetTierAndPriority() throws Exception {
        Desk desk = new Desk(mvc);
        desk.contract("{\"coveredCategories\":[\"UPS\"],\"slaTier\":\"GOLD\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}")
                .andExpect(status().isOk());
        Supplier<Double> warnings = () -> sla("yunwei.sla.warnings");
        Supplier<Double> breaches = () -> sla("yunwei.sla.breaches");
        double warnedBefore = warnings.get();
        double breachedBefore = breaches.get();
        // HIGH impact and HIGH urgency make P1, whose GOLD response target is 10 minutes (warning at 8)
        String id = desk.recorded(desk.report("INSPECTION", "\"how\":{\"discoveredHow\":\"巡检发现\",\"impact\":\"HIGH\",\"urgency\":\"HIGH\"}", "how"));
        Instant opened = Instant.parse(JsonPath.read(mvc.perform(get("/api/v1/tickets/{id}", id).with(agent()))
                .andReturn().getResponse().getContentAsString(), "$.openedAt"));

        sweeper.sweep(opened.plus(Duration.ofMinutes(9)));
        assertThat(warnings.get() - warnedBefore).isGreaterThanOrEqualTo(1.0);
        assertThat(breaches.get() - breachedBefore).isZero();

        sweeper.sweep(opened.plus(Duration.ofMinutes(11)));
        assertThat(breaches.get() - breachedBefore).isGreaterThanOrEqualTo(1.0);
    }

    private double sla(String name) {
        Counter counter = meters.find(name).tag("target", "RESPONSE").tag("tier", "GOLD").tag("priority", "P1").counter();
        return counter == null ? 0 : counter.count();
    }

    private DistributionSummary completeness() {
        return meters.get("yunwei.tickets.completeness").tag("channel", "INTEGRATION").summary();
    }

    private double counter(String name, String tag, String value) {
        Counter counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void measuresTheTimeFromOpeningToResolutionByPriority() throws Exception {
        Desk desk = new Desk(mvc);
        String id = desk.recorded(desk.report("INSPECTION", null));
        desk.awaitStatus(id, "OPEN");
        String priority = JsonPath.read(mvc.perform(get("/api/v1/tickets/{id}", id).with(agent()))
                .andReturn().getResponse().getContentAsString(), "$.priority");
        Timer resolution = meters.get("yunwei.tickets.time.to.resolution").tag("priority", priority).timer();
        long before = resolution.count();

        TestEvents otherServices = TestInfrastructure.get().events();
        otherServices.send("dispatch.events", "dispatch.assigned.v1", id, 1,
                "{\"ticketId\":\"%s\",\"dispatchId\":\"%s-D1\",\"engineerId\":\"eng-wang\"}".formatted(id, id));
        otherServices.send("field.events", "visit.checked-in.v1", id, 1, "{\"visitId\":\"%s-V1\"}".formatted(id));
        otherServices.send("field.events", "visit.completed.v1", id, 2,
                "{\"outcome\":\"RESOLVED\",\"serviceFormSigned\":true,\"completedAt\":\"%s\"}"
                        .formatted(Instant.now().plus(Duration.ofHours(2))));
        desk.awaitStatus(id, "CLOSED");

        assertThat(resolution.count()).isEqualTo(before + 1);
        assertThat(resolution.max(java.util.concurrent.TimeUnit.MINUTES)).isGreaterThanOrEqualTo(110);
        assertThat(meters.get("yunwei.tickets.time.to.resolution").tag("priority", "P4").timer()).isNotNull();
    }

    private void call(String ringingAt, String answeredAt) throws Exception {
        mvc.perform(post("/api/v1/calls").with(agent()).contentType("application/json")
                .content("{\"ringingAt\":\"%s\",\"answeredAt\":\"%s\",\"agentId\":\"agent-9\"}".formatted(ringingAt, answeredAt)))
                .andExpect(status().isCreated());
    }
}
