package io.yunwei.followup.archive;

import static io.yunwei.chassis.testkit.Callers.agent;
import static io.yunwei.chassis.testkit.Callers.customer;
import static io.yunwei.chassis.testkit.Callers.engineer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.text.PDFTextStripper;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.LateDelivery;
import io.yunwei.chassis.testkit.LateDelivery.Event;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.followup.ticket.TicketFollowup;

@IntegrationTest
@AutoConfigureMockMvc
class IncidentReportIT {

    private static final TestEvents events = TestInfrastructure.get().events();

    @Autowired
    MockMvc mvc;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    DocumentStore store;

    @Autowired
    ArchiveListener archive;

    @Test
    void theReportOfAClosedTicketShowsWhatEveryServiceRecorded() throws Exception {
        String ticket = workedAndClosedTicket();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> mvc
                .perform(get("/api/v1/reports/{id}", ticket).with(customer("acme")))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/html"))
                .andExpect(content().string(containsString("事件处理报告")))
                .andExpect(content().string(containsString("打印机频繁卡纸")))
                .andExpect(content().string(containsString("机房 A 排 3 号柜")))
                .andExpect(content().string(containsString("王工")))
                .andExpect(content().string(containsString("搓纸轮磨损")))
                .andExpect(content().string(containsString("更换搓纸轮")))
                .andExpect(content().string(containsString("使用干燥纸张")))
                .andExpect(content().string(containsString("返厂维修")))
                .andExpect(content().string(containsString("李经理")))
                .andExpect(content().string(containsString("相邻打印机运行正常")))
                .andExpect(content().string(containsString("ticket.closed.v1"))));
    }

    @Test
    void anotherOrganisationCannotSeeTheReport() throws Exception {
        String ticket = workedAndClosedTicket();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> mvc
                .perform(get("/api/v1/reports/{id}", ticket).with(agent())).andExpect(status().isOk()));

        mvc.perform(get("/api/v1/reports/{id}", ticket).with(customer("globex"))).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("REPORT_NOT_FOUND"));
        mvc.perform(get("/api/v1/reports/{id}", ticket).with(customer("globex")).accept(MediaType.TEXT_HTML))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/reports/{id}", ticket).with(engineer("eng-wang"))).andExpect(status().isForbidden());
    }

    @Test
    void archivesTheFindingsFieldPublishesWithTheCompletedVisit() throws Exception {
        String ticket = closedAfterOneCompletedVisit("globex");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> mvc
                .perform(get("/api/v1/reports/{id}", ticket).with(customer("globex")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("电池组老化，容量不足")))
                .andExpect(content().string(containsString("UPS 告警灯闪烁")))
                .andExpect(content().string(containsString("更换电池组 / 临时更换单节电池")))
                .andExpect(content().string(containsString("选择 chosen: 更换电池组")))
                .andExpect(content().string(containsString("赵主任")))
                .andExpect(content().string(containsString("更换全部电池")))
                .andExpect(content().string(containsString("市电中断时先关闭非关键负载")))
                .andExpect(content().string(containsString("每季度做一次放电测试")))
                .andExpect(content().string(containsString("globex-ups-02 · NEEDS_ATTENTION · 风扇噪音偏大")))
                .andExpect(content().string(containsString("关注设备 Watch globex-ups-02")))
                .andExpect(content().string(containsString("4 / 5"))));
    }

    @Test
    void printsTheReportAsPdfWithTheChineseDiagnosisExtractable() throws Exception {
        String ticket = closedAfterOneCompletedVisit("acme");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> mvc
                .perform(get("/api/v1/reports/{id}", ticket).with(agent())).andExpect(status().isOk()));

        byte[] pdf = mvc.perform(get("/api/v1/reports/{id}", ticket).with(customer("acme")).accept(MediaType.APPLICATION_PDF))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_PDF))
                .andReturn().getResponse().getContentAsByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("事件处理报告", "电池组老化，容量不足", "UPS 告警灯闪烁", "更换全部电池",
                    "每季度做一次放电测试", "选择 chosen: 更换电池组", "globex-ups-02", "visit.completed.v1");
            PDResources resources = document.getPage(0).getResources();
            assertThat(resources.getFontNames()).isNotEmpty()
                    .allSatisfy(name -> assertThat(resources.getFont(name).isEmbedded()).isTrue());
        }
    }

    @Test
    void anotherOrganisationCannotPrintTheReport() throws Exception {
        String ticket = closedAfterOneCompletedVisit("acme");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> mvc
                .perform(get("/api/v1/reports/{id}", ticket).with(agent())).andExpect(status().isOk()));

        mvc.perform(get("/api/v1/reports/{id}", ticket).with(customer("globex")).accept(MediaType.APPLICATION_PDF))
                .andExpect(status().isNotFound());
    }

    @Test
    void noReportBeforeTheTicketCloses() throws Exception {
        String ticket = UUID.randomUUID().toString();
        events.send("intake.events", "ticket.opened.v1", ticket, 1,
                "{\"ticketId\":\"%s\",\"customerId\":\"acme\",\"symptom\":\"UPS alarm\"}".formatted(ticket));

        mvc.perform(get("/api/v1/reports/{id}", ticket).with(agent())).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("REPORT_NOT_FOUND"));
    }

    @Test
    void archivesATicketsEventsThatOnePollBringsWithOneWriteAndFollowsUpItsClosure() {
        String ticket = UUID.randomUUID().toString();
        List<Event> lifecycle = closedAfterOneCompletedVisit(ticket, "acme");
        List<ConsumerRecord<String, String>> poll = new ArrayList<>();
        for (Event event : lifecycle) {
            poll.add(TestEvents.received(event.topic(), poll.size(), event.type(), ticket, event.sequence(),
                    event.json(), UUID.randomUUID().toString(), Map.of()));
        }

        archive.on(poll);

        assertThat(store.find(TicketArchive.class, ticket).orElseThrow().version())
                .as("three events of one ticket, one write").isEqualTo(1);
        assertThat(store.find(TicketFollowup.class, ticket).orElseThrow().supervisorNotices())
                .extracting(TicketFollowup.SupervisorNotice::cycle).containsExactly(1);
        assertThat(mongo.find(query(where("ticketId").is(ticket)), Document.class, "knowledge_articles"))
                .extracting(article -> article.get("cycle")).containsExactly(1);
    }

    @Test
    void archivesATicketsEventsPublishedWithinASecondWithAtMostTwoWrites() {
        String ticket = UUID.randomUUID().toString();
        for (Event event : closedAfterOneCompletedVisit(ticket, "acme")) {
            events.send(event.topic(), event.type(), ticket, event.sequence(), event.json());
            // each event its own publication, as the services' relays send them: a consumer that took each one as it
            // came would write the archive once per event
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(store.find(TicketFollowup.class, ticket))
                .hasValueSatisfying(followup -> assertThat(followup.supervisorNotices()).isNotEmpty()));
        assertThat(store.find(TicketArchive.class, ticket).orElseThrow().version())
                .as("three events within a quarter of a second: one fetch, or two where a fetch's second ends among them")
                .isLessThanOrEqualTo(2);
    }

    /** A ticket whose one visit field announced as completed with everything it found, as field publishes it. */
    private static String closedAfterOneCompletedVisit(String customerId) {
        String ticket = UUID.randomUUID().toString();
        closedAfterOneCompletedVisit(ticket, customerId)
                .forEach(e -> events.send(e.topic(), e.type(), ticket, e.sequence(), e.json()));
        return ticket;
    }

    private static List<Event> closedAfterOneCompletedVisit(String ticket, String customerId) {
        return List.of(
                new Event("intake.events", "ticket.opened.v1", 1, ("{\"ticketId\":\"%s\",\"number\":\"YW-20261125-0002\","
                        + "\"customerId\":\"%s\",\"areaCode\":\"310115\",\"symptom\":\"UPS 告警\"}").formatted(ticket, customerId)),
                new Event("field.events", "visit.completed.v1", 1, ("{\"ticketId\":\"%s\",\"visitId\":\"%s-V1\","
                        + "\"dispatchId\":\"%s-D1\",\"engineerId\":\"eng-li\",\"outcome\":\"RESOLVED\",\"serviceFormSigned\":true,"
                        + "\"cleanupDone\":true,\"nextVisitReason\":null,\"completedAt\":\"2026-11-25T03:00:00Z\",\"proposedNextVisitAt\":null,"
                        + "\"customerId\":\"%s\","
                        + "\"diagnosis\":{\"symptomRestated\":\"UPS 告警灯闪烁\",\"causeExplained\":\"电池组老化，容量不足\",\"recordedAt\":\"2026-11-25T02:20:00Z\"},"
                        + "\"decision\":{\"options\":[{\"title\":\"更换电池组\",\"pros\":\"一次解决\",\"cons\":\"需要订货\"},"
                        + "{\"title\":\"临时更换单节电池\",\"pros\":\"今天恢复\",\"cons\":\"半年内再处理\"}],\"recommended\":\"更换电池组\","
                        + "\"chosen\":\"更换电池组\",\"decidedBy\":\"赵主任\",\"decidedAt\":\"2026-11-25T02:40:00Z\"},"
                        + "\"resolution\":{\"solution\":\"更换全部电池\",\"emergencyHandling\":\"市电中断时先关闭非关键负载\","
                        + "\"maintenanceAdvice\":\"每季度做一次放电测试\",\"recordedAt\":\"2026-11-25T02:50:00Z\"},"
                        + "\"inspection\":{\"items\":[{\"assetId\":\"globex-ups-02\",\"status\":\"NEEDS_ATTENTION\",\"note\":\"风扇噪音偏大\"}],"
                        + "\"inspectedAt\":\"2026-11-25T02:45:00Z\"},"
                        + "\"evaluation\":{\"score\":4,\"comment\":\"满意\"},\"signerName\":\"赵主任\"}")
                        .formatted(ticket, ticket, ticket, customerId)),
                new Event("intake.events", "ticket.closed.v1", 2, ("{\"ticketId\":\"%s\",\"customerId\":\"%s\","
                        + "\"engineerId\":\"eng-li\",\"cycle\":1,\"closedAt\":\"2026-11-25T06:00:00Z\"}").formatted(ticket, customerId)));
    }

    @Test
    void keepsTheLaterVisitsFindingsWhenAnEarlierVisitsCompletionIsRedrivenLate() throws Exception {
        String ticket = UUID.randomUUID().toString();
        LateDelivery delivery = new LateDelivery(events, mongo, "followup-service-archive");
        delivery.inOrder(ticket, List.of(completed(4, "V2", "RESOLVED", "电池组老化"),
                new Event("intake.events", "ticket.closed.v1", 2, "{\"customerId\":\"acme\",\"cycle\":1}")));

        delivery.late(ticket, completed(2, "V1", "REVISIT_NEEDED", "风扇积灰"));

        mvc.perform(get("/api/v1/reports/{id}", ticket).with(agent())).andExpect(status().isOk())
                .andExpect(content().string(containsString("电池组老化")))
                .andExpect(content().string(not(containsString("风扇积灰"))));
    }

    private static Event completed(long sequence, String visit, String outcome, String cause) {
        return new Event("field.events", "visit.completed.v1", sequence, """
                {"visitId":"%s","outcome":"%s","diagnosis":{"symptomRestated":"UPS 告警","causeExplained":"%s"}}"""
                .formatted(visit, outcome, cause));
    }

    /** A ticket's life as the other services announce it, with fields the archive does not know and some missing. */
    private static String workedAndClosedTicket() {
        String ticket = UUID.randomUUID().toString();
        events.send("intake.events", "ticket.recorded.v1", ticket, 1, ("{\"ticketId\":\"%s\",\"number\":\"YW-20261125-0001\","
                + "\"channel\":\"CUSTOMER_CALL\",\"customerId\":\"acme\",\"siteId\":\"acme-hq\",\"assetIds\":[\"acme-prn-01\"],"
                + "\"when\":{\"occurredAt\":\"2026-11-25T01:30:00Z\"},\"who\":{\"reportedBy\":\"王工\"},"
                + "\"where\":{\"location\":\"机房 A 排 3 号柜\"},\"what\":{\"symptom\":\"打印机频繁卡纸\",\"errorMessages\":[\"E-041\"]},"
                + "\"why\":{\"suspectedCause\":\"纸张受潮\"},\"how\":{\"discoveredHow\":\"用户来电\",\"impact\":\"MEDIUM\",\"urgency\":\"HIGH\"},"
                + "\"somethingNew\":{\"nested\":[1,2]}}").formatted(ticket));
        events.send("dispatch.events", "dispatch.assigned.v1", ticket, 1, ("{\"ticketId\":\"%s\",\"dispatchId\":\"%s-D1\","
                + "\"engineerId\":\"eng-wang\",\"engineerName\":\"王工程师\",\"reason\":\"covers area 310115\"}").formatted(ticket, ticket));
        events.send("field.events", "visit.checked-in.v1", ticket, 1, "{\"visitId\":\"%s-V1\"}".formatted(ticket));
        events.send("field.events", "visit.diagnosed.v1", ticket, 2, ("{\"visitId\":\"%s-V1\",\"symptomRestated\":\"进纸时卡纸\","
                + "\"causeExplained\":\"搓纸轮磨损\"}").formatted(ticket));
        events.send("field.events", "visit.decision-requested.v1", ticket, 3, ("{\"ticketId\":\"%s\",\"visitId\":\"%s-V1\","
                + "\"options\":[{\"title\":\"现场更换搓纸轮\",\"pros\":\"当天恢复\",\"cons\":\"需停机一小时\"},"
                + "{\"title\":\"返厂维修\",\"pros\":\"免费\",\"cons\":\"需一周\"}],\"recommended\":\"现场更换搓纸轮\"}")
                .formatted(ticket, ticket));
        events.send("field.events", "visit.decision-recorded.v1", ticket, 4, ("{\"ticketId\":\"%s\",\"visitId\":\"%s-V1\","
                + "\"chosen\":\"现场更换搓纸轮\",\"decidedBy\":\"李经理\"}").formatted(ticket, ticket));
        events.send("field.events", "asset.info-collected.v1", ticket, 5, ("{\"ticketId\":\"%s\",\"visitId\":\"%s-V1\","
                + "\"assets\":[{\"assetId\":\"acme-prn-02\",\"status\":\"OK\",\"note\":\"相邻打印机运行正常\",\"info\":{\"model\":\"HP M404\"}}]}")
                .formatted(ticket, ticket));
        events.send("field.events", "visit.completed.v1", ticket, 6, ("{\"ticketId\":\"%s\",\"visitId\":\"%s-V1\",\"engineerId\":\"eng-wang\","
                + "\"outcome\":\"RESOLVED\",\"resolution\":{\"solution\":\"更换搓纸轮\",\"maintenanceAdvice\":\"使用干燥纸张\"},"
                + "\"evaluation\":{\"score\":5,\"comment\":\"专业\"},\"serviceFormSigned\":true}").formatted(ticket, ticket));
        events.send("intake.events", "ticket.closed.v1", ticket, 2, ("{\"ticketId\":\"%s\",\"customerId\":\"acme\","
                + "\"engineerId\":\"eng-wang\",\"cycle\":1,\"closedAt\":\"2026-11-25T06:00:00Z\"}").formatted(ticket));
        return ticket;
    }
}
