package io.yunwei.followup.supervisor;

import static io.yunwei.chassis.testkit.Callers.caller;
import static io.yunwei.chassis.testkit.Callers.engineer;
import static io.yunwei.chassis.testkit.Callers.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
@AutoConfigureMockMvc
class SupervisorNotificationIT {

    /** The test configuration makes {@code sup-pudong} the supervisor of area 310116. */
    private static final RequestPostProcessor PUDONG = caller("sup-pudong", "SUPERVISOR", null, null);
    private static final TestEvents events = TestInfrastructure.get().events();
    private static final TopicProbe followupEvents = TestInfrastructure.get().probe("followup.events");

    @Autowired
    MockMvc mvc;

    @Autowired
    MongoTemplate mongo;

    @Test
    void notifiesTheAreaSupervisorOfAClosureWithTheEngineersProgressAndSummaryTime() throws Exception {
        String since = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(1).withNano(0).toString();
        String ticket = workedAndClosed("310116");

        Map<String, Object> notice = awaitNotice(PUDONG, since, ticket);
        assertThat(notice).containsEntry("supervisorId", "sup-pudong").containsEntry("responsibility", "AREA:310116")
                .containsEntry("outcome", "RESOLVED").containsEntry("engineerId", "eng-li")
                .containsEntry("number", "YW-20261125-0099").containsEntry("cycle", 1)
                .containsEntry("summarySubmittedAt", "2026-11-25T03:00:00Z")
                .containsEntry("acknowledged", false);
        assertThat(JsonPath.<List<String>>read(notice, "$.progressReports[*].type"))
                .containsExactly("CHECKED_IN", "CUSTOMER_DECIDED", "COMPLETED");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(followupEvents.typesOf(ticket))
                .containsOnlyOnce("supervisor.notified.v1"));
        String published = followupEvents.records().stream().filter(r -> ticket.equals(r.key()))
                .filter(r -> r.value().contains("\"supervisorId\"")).map(ConsumerRecord::value).findFirst().orElseThrow();
        assertThat((String) JsonPath.read(published, "$.supervisorId")).isEqualTo("sup-pudong");
        assertThat((String) JsonPath.read(published, "$.outcome")).isEqualTo("RESOLVED");
        assertThat((String) JsonPath.read(published, "$.engineerId")).isEqualTo("eng-li");
        assertThat((String) JsonPath.read(published, "$.summarySubmittedAt")).isEqualTo("2026-11-25T03:00:00Z");
        assertThat((List<String>) JsonPath.read(published, "$.progressReports[*].visitId")).contains(ticket + "-V1");

        String inbox = mvc.perform(get("/api/v1/supervisor/notifications").param("since", since).param("size", "200")
                .with(role("SUPERVISOR"))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(inbox, "$.content[*].ticketId")).doesNotContain(ticket);
    }

    @Test
    void aClosureInAnAreaWithoutItsOwnSupervisorGoesToTheDefaultSupervisor() throws Exception {
        String since = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).withNano(0).toString();
        String ticket = workedAndClosed("999999");

        Map<String, Object> notice = awaitNotice(role("SUPERVISOR"), since, ticket);
        assertThat(notice).containsEntry("supervisorId", "supervisor").containsEntry("responsibility", "DEFAULT");
    }

    @Test
    void onlyTheAddressedSupervisorAcknowledgesANotice() throws Exception {
        String since = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).withNano(0).toString();
        String ticket = workedAndClosed("310116");
        String id = (String) awaitNotice(PUDONG, since, ticket).get("id");

        mvc.perform(post("/api/v1/supervisor/notifications/{id}/acknowledgement", id).with(role("SUPERVISOR")))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/supervisor/notifications/{id}/acknowledgement", id).with(PUDONG))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.acknowledged").value(true))
                .andExpect(jsonPath("$.acknowledgedBy").value("sup-pudong"));

        String unread = mvc.perform(get("/api/v1/supervisor/notifications").param("since", since)
                .param("acknowledged", "false").param("size", "200").with(PUDONG))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(unread, "$.content[*].ticketId")).doesNotContain(ticket);
    }

    @Test
    void pagesTheInboxOldestFirst() throws Exception {
        String since = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).withNano(0).toString();
        String first = workedAndClosed("310116");
        awaitNotice(PUDONG, since, first);
        String second = workedAndClosed("310116");
        awaitNotice(PUDONG, since, second);

        String page = mvc.perform(get("/api/v1/supervisor/notifications").param("since", since).param("size", "1")
                .param("page", "0").with(PUDONG)).andExpect(status().isOk())
                .andExpect(jsonPath("$.size").value(1))
                .andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<Object>>read(page, "$.content")).hasSize(1);
        assertThat(JsonPath.<Integer>read(page, "$.totalElements")).isGreaterThanOrEqualTo(2);
        String all = mvc.perform(get("/api/v1/supervisor/notifications").param("since", since).param("size", "200")
                .with(PUDONG)).andReturn().getResponse().getContentAsString();
        List<String> tickets = JsonPath.read(all, "$.content[*].ticketId");
        assertThat(tickets.indexOf(first)).isLessThan(tickets.indexOf(second));
    }

    @Test
    void tellsTheAccountSupervisorOnceWhenAnOrganisationsWebhookIsDisabled() throws Exception {
        RequestPostProcessor initech = caller("sup-initech", "SUPERVISOR", null, null);
        String since = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).withNano(0).toString();
        String webhook = "wh_" + UUID.randomUUID().toString().replace("-", "");
        String disabled = ("{\"webhookId\":\"%s\",\"customerId\":\"initech\",\"url\":\"https://hooks.initech.example/yunwei\","
                + "\"description\":\"ERP sync\",\"reason\":\"FAILING\",\"statusCode\":503,\"error\":\"HTTP 503\","
                + "\"failingSince\":\"2026-11-20T01:00:00Z\",\"disabledAt\":\"2026-11-25T01:00:00Z\"}").formatted(webhook);
        events.send("intake.events", "webhook.disabled.v1", webhook, 1, disabled);
        events.send("intake.events", "webhook.disabled.v1", webhook, 1, disabled);
        // enabled again by its owner, it later met a 410; on the same key, so read after the repeated first
        events.send("intake.events", "webhook.disabled.v1", webhook, 2, disabled.replace("\"FAILING\"", "\"GONE\"")
                .replace("503", "410").replace("HTTP 503", "HTTP 410"));

        List<Map<String, Object>> notices = await().atMost(Duration.ofSeconds(30)).until(() -> webhookNotices(initech,
                since, webhook), found -> found.size() >= 2);
        // the event delivered twice is one notice
        assertThat(notices).hasSize(2);
        assertThat(notices).extracting(n -> JsonPath.<String>read(n, "$.webhook.reason"))
                .containsExactlyInAnyOrder("FAILING", "GONE");
        Map<String, Object> notice = notices.stream().filter(n -> JsonPath.read(n, "$.webhook.reason").equals("FAILING"))
                .findFirst().orElseThrow();
        assertThat(notice).containsEntry("kind", "WEBHOOK_DISABLED").containsEntry("supervisorId", "sup-initech")
                .containsEntry("responsibility", "CUSTOMER:initech").containsEntry("customerId", "initech")
                .containsEntry("acknowledged", false);
        assertThat(JsonPath.<Map<String, Object>>read(notice, "$.webhook")).containsEntry("id", webhook)
                .containsEntry("url", "https://hooks.initech.example/yunwei").containsEntry("description", "ERP sync")
                .containsEntry("statusCode", 503).containsEntry("error", "HTTP 503")
                .containsEntry("failingSince", "2026-11-20T01:00:00Z").containsEntry("disabledAt", "2026-11-25T01:00:00Z");
        // a subscription is no ticket: nothing is archived for it
        assertThat(mongo.getCollection("ticket_archives").countDocuments(new Document("_id", webhook))).isZero();

        // another supervisor neither sees nor acknowledges it; the addressed one does, once
        assertThat(webhookNotices(PUDONG, since, webhook)).isEmpty();
        String id = (String) notice.get("id");
        mvc.perform(post("/api/v1/supervisor/notifications/{id}/acknowledgement", id).with(PUDONG))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/supervisor/notifications/{id}/acknowledgement", id).with(initech))
                .andExpect(status().isOk()).andExpect(jsonPath("$.acknowledged").value(true))
                .andExpect(jsonPath("$.acknowledgedBy").value("sup-initech"))
                .andExpect(jsonPath("$.webhook.id").value(webhook));
        String unread = mvc.perform(get("/api/v1/supervisor/notifications").param("since", since)
                .param("acknowledged", "false").param("size", "200").with(initech))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(unread, "$.content[*].id")).doesNotContain(id);
        String read = mvc.perform(get("/api/v1/supervisor/notifications").param("since", since)
                .param("acknowledged", "true").param("size", "200").with(initech))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(read, "$.content[*].id")).contains(id);
    }

    @Test
    void engineersHaveNoSupervisorInbox() throws Exception {
        mvc.perform(get("/api/v1/supervisor/notifications").with(engineer("eng-li"))).andExpect(status().isForbidden());
    }

    private int archived(String ticket) {
        Document archive = mongo.getCollection("ticket_archives").find(new Document("_id", ticket)).first();
        return archive == null ? 0 : archive.getList("timeline", Object.class).size();
    }

    private List<Map<String, Object>> webhookNotices(RequestPostProcessor supervisor, String since, String webhook)
            throws Exception {
        String body = mvc.perform(get("/api/v1/supervisor/notifications").param("since", since).param("size", "200")
                .with(supervisor)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return JsonPath.read(body, "$.content[?(@.webhook.id == '" + webhook + "')]");
    }

    private Map<String, Object> awaitNotice(RequestPostProcessor supervisor, String since, String ticket) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            String body = mvc.perform(get("/api/v1/supervisor/notifications").param("since", since).param("size", "200")
                    .with(supervisor)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            List<Map<String, Object>> found = JsonPath.read(body, "$.content[?(@.ticketId == '" + ticket + "')]");
            return found.isEmpty() ? null : found.getFirst();
        }, n -> n != null);
    }

    /** A ticket in {@code area} worked in one visit with a customer decision, then closed, as the services announce it. */
    private String workedAndClosed(String area) {
        String ticket = UUID.randomUUID().toString();
        events.send("intake.events", "ticket.opened.v1", ticket, 1, ("{\"ticketId\":\"%s\",\"number\":\"YW-20261125-0099\","
                + "\"customerId\":\"acme\",\"areaCode\":\"%s\",\"symptom\":\"UPS 告警\"}").formatted(ticket, area));
        events.send("field.events", "visit.checked-in.v1", ticket, 1, ("{\"ticketId\":\"%s\",\"visitId\":\"%s-V1\","
                + "\"engineerId\":\"eng-li\",\"checkedInAt\":\"2026-11-25T02:00:00Z\"}").formatted(ticket, ticket));
        events.send("field.events", "visit.decision-recorded.v1", ticket, 2, ("{\"ticketId\":\"%s\",\"visitId\":\"%s-V1\","
                + "\"chosen\":\"更换电池组\",\"decidedBy\":\"李经理\",\"decidedAt\":\"2026-11-25T02:30:00Z\"}").formatted(ticket, ticket));
        events.send("field.events", "visit.completed.v1", ticket, 3, ("{\"ticketId\":\"%s\",\"visitId\":\"%s-V1\","
                + "\"engineerId\":\"eng-li\",\"outcome\":\"RESOLVED\",\"completedAt\":\"2026-11-25T03:00:00Z\"}").formatted(ticket, ticket));
        // the archive reads field's and intake's topics side by side; in life the closure follows the visit by far
        await().atMost(Duration.ofSeconds(20)).until(() -> archived(ticket) >= 4);
        events.send("intake.events", "ticket.closed.v1", ticket, 2, ("{\"ticketId\":\"%s\",\"customerId\":\"acme\","
                + "\"engineerId\":\"eng-li\",\"cycle\":1,\"closedAt\":\"2026-11-25T04:00:00Z\"}").formatted(ticket));
        return ticket;
    }
}
