package io.yunwei.followup.knowledge;

import static io.yunwei.chassis.testkit.Callers.agent;
import static io.yunwei.chassis.testkit.Callers.engineer;
import static io.yunwei.chassis.testkit.Callers.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
@AutoConfigureMockMvc
class KnowledgeBaseIT {

    private static final TestEvents events = TestInfrastructure.get().events();
    private static final TopicProbe followupEvents = TestInfrastructure.get().probe("followup.events");

    @Autowired
    MockMvc mvc;

    @Autowired
    KnowledgeBase knowledge;

    @Test
    void findsApprovedArticlesInChineseAndEnglishBestFirst() throws Exception {
        String printer = closed("打印机频繁卡纸", "搓纸轮磨损", "更换搓纸轮");
        String ups = closed("UPS alarm beeps after a power cut", "battery pack worn out", "replaced the battery pack");
        String fan = closed("服务器风扇噪音大", "风扇轴承老化", "更换风扇");
        for (String ticket : new String[] { printer, ups, fan }) {
            approve(ticket + "-K1");
        }

        mvc.perform(get("/api/v1/knowledge/articles").param("q", "打印机卡纸").with(engineer("eng-li")))
                .andExpect(status().isOk()).andExpect(jsonPath("$[0].ticketId").value(printer))
                .andExpect(jsonPath("$[0].solution").value("更换搓纸轮"));
        mvc.perform(get("/api/v1/knowledge/articles").param("q", "UPS alarm").with(agent()))
                .andExpect(jsonPath("$[0].ticketId").value(ups));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(followupEvents.typesOf(printer))
                .containsOnlyOnce("knowledge.article-published.v1"));
    }

    @Test
    void onlyASupervisorApprovesAndOnlyApprovedArticlesAreFound() throws Exception {
        String ticket = closed("交换机端口闪断 flapping switch port", "网线水晶头氧化", "重做水晶头");

        mvc.perform(get("/api/v1/knowledge/articles").param("q", "交换机端口").with(agent()))
                .andExpect(jsonPath("$[?(@.ticketId == '%s')]".formatted(ticket)).isEmpty());
        mvc.perform(post("/api/v1/knowledge/articles/{id}/approval", ticket + "-K1").with(agent()))
                .andExpect(status().isForbidden());
        approve(ticket + "-K1");
        mvc.perform(post("/api/v1/knowledge/articles/{id}/approval", ticket + "-K1").with(role("SUPERVISOR")))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("ARTICLE_ALREADY_APPROVED"));

        knowledge.rebuild();

        mvc.perform(get("/api/v1/knowledge/articles").param("q", "交换机端口").with(agent()))
                .andExpect(jsonPath("$[0].ticketId").value(ticket));
    }

    @Test
    void listsTheDraftsAwaitingApprovalLatestFirst() throws Exception {
        String earlier = closed("机房空调漏水", "排水管堵塞", "疏通排水管");
        String later = closed("门禁读卡器无响应", "读卡器电源松动", "重新接好电源");

        mvc.perform(get("/api/v1/knowledge/articles").param("status", "DRAFT").param("size", "2")
                        .with(role("SUPERVISOR")))
                .andExpect(status().isOk()).andExpect(jsonPath("$[0].id").value(later + "-K1"))
                .andExpect(jsonPath("$[1].id").value(earlier + "-K1"))
                .andExpect(jsonPath("$[0].status").value("DRAFT"));
    }

    private void approve(String articleId) throws Exception {
        mvc.perform(post("/api/v1/knowledge/articles/{id}/approval", articleId).with(role("SUPERVISOR")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("APPROVED"));
    }

    /** A ticket recorded, diagnosed, resolved and closed, as the other services announce it; waits for its draft. */
    private String closed(String symptom, String cause, String solution) throws Exception {
        String ticket = UUID.randomUUID().toString();
        events.send("intake.events", "ticket.recorded.v1", ticket, 1, ("{\"ticketId\":\"%s\",\"customerId\":\"acme\","
                + "\"what\":{\"symptom\":\"%s\"}}").formatted(ticket, symptom));
        events.send("field.events", "visit.completed.v1", ticket, 1, ("{\"ticketId\":\"%s\",\"visitId\":\"%s-V1\","
                + "\"outcome\":\"RESOLVED\",\"diagnosis\":{\"causeExplained\":\"%s\"},\"resolution\":{\"solution\":\"%s\"}}")
                .formatted(ticket, ticket, cause, solution));
        events.send("intake.events", "ticket.closed.v1", ticket, 2, ("{\"ticketId\":\"%s\",\"customerId\":\"acme\","
                + "\"engineerId\":\"eng-wang\",\"cycle\":1,\"closedAt\":\"2026-11-25T06:00:00Z\"}").formatted(ticket));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> mvc
                .perform(get("/api/v1/knowledge/articles").param("status", "DRAFT").param("size", "200").with(agent()))
                .andExpect(jsonPath("$[?(@.id == '%s-K1')]".formatted(ticket)).isNotEmpty()));
        // the follow-up of the closure (another consumer group) holds the ticket's event sequence
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> mvc
                .perform(get("/api/v1/callbacks").param("ticketId", ticket).with(agent()))
                .andExpect(jsonPath("$.length()").value(1)));
        return ticket;
    }
}
