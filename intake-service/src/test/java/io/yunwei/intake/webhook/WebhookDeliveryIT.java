package io.yunwei.intake.webhook;

import static io.yunwei.chassis.testkit.Callers.agent;
import static io.yunwei.chassis.testkit.Callers.customer;
import static io.yunwei.chassis.testkit.Callers.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;
import io.yunwei.intake.webhook.Receiver.Answer;
import io.yunwei.intake.webhook.Receiver.Request;

/**
 * Webhooks end to end against a real HTTP endpoint on this machine: the events of real tickets (intake's own, and the
 * other services' as they publish them) reach it signed, retried, in order and only for the organisation it belongs to.
 * The tests' schedule retries after 1 s, 1 s and 2 s, four attempts in all.
 */
@IntegrationTest
@AutoConfigureMockMvc
class WebhookDeliveryIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final TopicProbe intakeEvents = TestInfrastructure.get().probe("intake.events");

    @Autowired
    MockMvc mvc;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    SigningSecrets secrets;

    Receiver receiver;
    String acme;
    String globex;
    final List<String> created = new ArrayList<>();

    @BeforeEach
    void twoOrganisationsAndAnEndpoint() throws Exception {
        receiver = new Receiver();
        acme = organisation();
        globex = organisation();
    }

    @AfterEach
    void deleteWebhooks() throws Exception {
        for (String id : created) {
            mvc.perform(delete("/api/v1/webhooks/{id}", id).with(role("ADMIN")));
        }
        receiver.close();
    }

    @Test
    void sendsEachEventOfTheOrganisationsTicketsSignedWithTheSecretShownOnce() throws Exception {
        var webhook = subscribe(customer(acme), "ticket.*");
        Instant recording = Instant.now();

        String ticket = recordTicket(acme);

        await().atMost(PATIENCE).until(() -> types(receiver.about(ticket)).containsAll(List.of("ticket.recorded.v1",
                "ticket.opened.v1")));
        // sent by the instance that queued them as soon as they were queued, not at its next look at every lane
        assertThat(receiver.about(ticket)).extracting(Request::at)
                .allSatisfy(at -> assertThat(at).isBefore(recording.plusSeconds(3)));
        Request recorded = receiver.about(ticket).getFirst();
        assertThat(recorded.type()).isEqualTo("ticket.recorded.v1");
        assertThat(recorded.signedWith(webhook.secret())).isTrue();
        assertThat(recorded.signedWith("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]))).isFalse();
        assertThat(Long.parseLong(recorded.timestamp())).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(recorded.sequence().longValue()).isEqualTo(1L);
        assertThat((String) JsonPath.read(recorded.body(), "$.data.payload.customerId")).isEqualTo(acme);
        assertThat((String) JsonPath.read(recorded.body(), "$.timestamp")).isNotBlank();
        // the secret is never shown again
        mvc.perform(get("/api/v1/webhooks/{id}", webhook.id()).with(customer(acme)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.secret").doesNotExist())
                .andExpect(jsonPath("$.events[0]").value("ticket.*"));
    }

    @Test
    void aCustomersWebhookNeverSeesAnotherOrganisationsTickets() throws Exception {
        var acmeHook = subscribe(customer(acme), "*");
        var everyone = subscribe(role("ADMIN"), "ticket.opened.v1");

        String theirs = recordTicket(globex);
        String ours = recordTicket(acme);

        await().atMost(PATIENCE).until(() -> types(receiver.about(ours)).contains("ticket.opened.v1")
                && types(receiver.about(theirs)).contains("ticket.opened.v1"));
        assertThat(receiver.about(theirs)).allSatisfy(request -> {
            assertThat(request.type()).isEqualTo("ticket.opened.v1");
            assertThat(request.signedWith(everyone.secret())).isTrue();
            assertThat(request.signedWith(acmeHook.secret())).isFalse();
        });
        // another organisation's webhook is not found, and a customer cannot subscribe for another organisation
        mvc.perform(get("/api/v1/webhooks/{id}", acmeHook.id()).with(customer(globex))).andExpect(status().isNotFound());
        mvc.perform(json(post("/api/v1/webhooks"), customer(globex), """
                {"url":"%s","events":["*"],"customerId":"%s"}""".formatted(receiver.url(), acme)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("customerId"));
        String listed = mvc.perform(get("/api/v1/webhooks").with(customer(globex))).andReturn().getResponse()
                .getContentAsString();
        assertThat(listed).doesNotContain(acmeHook.id());
    }

    @Test
    void retriesAfterServerErrorsAndATooManyRequestsWithRetryAfter() throws Exception {
        var webhook = subscribe(customer(acme), "ticket.recorded.v1");
        AtomicInteger calls = new AtomicInteger();
        receiver.answer(request -> switch (calls.incrementAndGet()) {
            case 1, 2 -> Answer.of(500);
            case 3 -> new Answer(429, Map.of("Retry-After", "3"));
            default -> Answer.of(200);
        });

        String ticket = recordTicket(acme);

        await().atMost(PATIENCE).until(() -> receiver.about(ticket).stream().anyMatch(request -> request.answered() == 200));
        List<Request> attempts = receiver.about(ticket);
        assertThat(attempts).extracting(Request::answered).containsExactly(500, 500, 429, 200);
        assertThat(attempts).extracting(Request::id).containsOnly(attempts.getFirst().id());
        assertThat(Duration.between(attempts.get(2).at(), attempts.get(3).at())).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
        String log = mvc.perform(get("/api/v1/webhooks/{id}/deliveries", webhook.id()).with(customer(acme)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<Object>>read(log, "$.content[*].statusCode")).containsExactly(200, 429, 500, 500);
        assertThat(JsonPath.<List<Object>>read(log, "$.content[*].status")).containsExactly("SUCCEEDED", "FAILED",
                "FAILED", "FAILED");
        mvc.perform(get("/api/v1/webhooks/{id}/deliveries?status=FAILED", webhook.id()).with(customer(acme)))
                .andExpect(jsonPath("$.totalElements").value(3));
    }

    @Test
    void oneTicketsEventsArriveInSequenceWhileAnEarlierOneIsRetried() throws Exception {
        subscribe(role("ADMIN"), "customer.*");
        String ticket = recordTicket(acme);
        AtomicInteger firstAttempts = new AtomicInteger();
        receiver.answer(request -> ticket.equals(request.ticketId()) && request.sequence().intValue() == 1
                && firstAttempts.incrementAndGet() <= 2 ? Answer.of(503) : Answer.of(204));

        for (int sequence = 1; sequence <= 5; sequence++) {
            contactAttempt(ticket, sequence, null);
        }

        await().atMost(PATIENCE).until(() -> delivered(receiver.about(ticket)).size() == 5);
        assertThat(delivered(receiver.about(ticket))).extracting(request -> request.sequence().intValue())
                .containsExactly(1, 2, 3, 4, 5);
        // nothing later was sent while the first was being retried
        assertThat(receiver.about(ticket)).extracting(request -> request.sequence().intValue())
                .containsExactly(1, 1, 1, 2, 3, 4, 5);
    }

    @Test
    void aSubscriptionMadeOnAnotherInstanceGetsTheEventsPublishedAfterIt() throws Exception {
        String ticket = recordTicket(acme);
        var handled = TestInfrastructure.get().events().sendAt(Instant.now(), "dispatch.events",
                "customer.contact-attempted.v1", ticket, 1, CONTACT_ATTEMPT, UUID.randomUUID().toString());
        await().atMost(PATIENCE).until(() -> TestInfrastructure.get().events().handled("intake-service-webhooks", handled));
        // made by another instance: this one has not heard of it, and its list of subscriptions is fresh
        String secret = secrets.generate();
        Instant now = Instant.now();
        String id = "wh_" + UUID.randomUUID().toString().replace("-", "");
        mongo.insert(new Webhook(id, null, receiver.url(), List.of("customer.*"), "made elsewhere", true, null, null,
                List.of(new Webhook.Secret(secrets.encrypt(secret), now, null)), now, "admin", now, null, null, null, 1L));
        created.add(id);

        contactAttempt(ticket, 2, null);

        await().atMost(PATIENCE).until(() -> !receiver.about(ticket).isEmpty());
        assertThat(receiver.about(ticket)).extracting(request -> request.sequence().intValue()).containsExactly(2);
        assertThat(receiver.about(ticket).getFirst().signedWith(secret)).isTrue();
    }

    @Test
    void anEventConsumedTwiceIsSentOnce() throws Exception {
        subscribe(role("ADMIN"), "customer.*");
        String ticket = recordTicket(acme);
        String id = UUID.randomUUID().toString();

        contactAttempt(ticket, 1, id);
        contactAttempt(ticket, 1, id);
        contactAttempt(ticket, 2, null);

        await().atMost(PATIENCE).until(() -> receiver.about(ticket).stream().anyMatch(r -> r.sequence().intValue() == 2));
        assertThat(receiver.about(ticket)).extracting(request -> request.sequence().intValue()).containsExactly(1, 2);
        assertThat(receiver.about(ticket).getFirst().id()).isEqualTo(id);
    }

    @Test
    void aRotatedSecretSignsBesideTheNewOneForTheOverlap() throws Exception {
        var webhook = subscribe(customer(acme), "ticket.recorded.v1");

        String rotated = mvc.perform(post("/api/v1/webhooks/{id}/secret-rotation", webhook.id()).with(customer(acme)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String newSecret = JsonPath.read(rotated, "$.secret");
        String ticket = recordTicket(acme);

        await().atMost(PATIENCE).until(() -> !receiver.about(ticket).isEmpty());
        Request request = receiver.about(ticket).getFirst();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(webhook.secret());
        assertThat(request.signature().split(" ")).hasSize(2);
        assertThat(request.signedWith(newSecret)).isTrue();
        assertThat(request.signedWith(webhook.secret())).isTrue();
    }

    @Test
    void aGoneEndpointIsDisabledAndSentNothingMore() throws Exception {
        var webhook = subscribe(customer(acme), "ticket.*");
        receiver.answer(request -> Answer.of(410));

        String ticket = recordTicket(acme);

        await().atMost(PATIENCE).untilAsserted(() -> mvc.perform(get("/api/v1/webhooks/{id}", webhook.id())
                .with(customer(acme))).andExpect(jsonPath("$.enabled").value(false))
                .andExpect(jsonPath("$.disabledReason").value("GONE")));
        assertDisabledAnnounced(webhook.id(), acme, "GONE", 410);
        recordTicket(acme);
        // nothing more reaches the endpoint while it is disabled
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> receiver.requests().size() == 1);
        assertThat(receiver.about(ticket)).extracting(Request::type).containsExactly("ticket.recorded.v1");

        // enabled again, it gets what waited, in order
        receiver.answer(request -> Answer.of(200));
        mvc.perform(json(patch("/api/v1/webhooks/{id}", webhook.id()), customer(acme), "{\"enabled\":true}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.enabled").value(true));
        await().atMost(PATIENCE).until(() -> types(delivered(receiver.about(ticket))).contains("ticket.opened.v1"));
        List<Request> delivered = delivered(receiver.about(ticket));
        assertThat(delivered.getFirst().type()).isEqualTo("ticket.recorded.v1");
        assertThat(delivered).extracting(request -> request.sequence().intValue()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void anEndpointFailingForFiveDaysIsDisabled() throws Exception {
        var webhook = subscribe(customer(acme), "ticket.recorded.v1");
        // as if its endpoint had failed every attempt since six days ago
        mongo.updateFirst(Query.query(Criteria.where("_id").is(webhook.id())),
                new Update().set("failingSince", Instant.now().minus(Duration.ofDays(6))), Webhook.class);
        receiver.answer(request -> Answer.of(500));

        recordTicket(acme);

        await().atMost(PATIENCE).untilAsserted(() -> mvc.perform(get("/api/v1/webhooks/{id}", webhook.id())
                .with(customer(acme))).andExpect(jsonPath("$.enabled").value(false))
                .andExpect(jsonPath("$.disabledReason").value("FAILING")));
        assertDisabledAnnounced(webhook.id(), acme, "FAILING", 500);
    }

    /** Follow-up learns of the disabling, once, to tell the organisation's supervisor. */
    private void assertDisabledAnnounced(String webhookId, String customerId, String reason, int statusCode) {
        await().atMost(PATIENCE).until(() -> intakeEvents.typesOf(webhookId).contains("webhook.disabled.v1"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> intakeEvents.typesOf(webhookId).equals(List.of("webhook.disabled.v1")));
        String payload = intakeEvents.records().stream().filter(r -> webhookId.equals(r.key())).findFirst()
                .orElseThrow().value();
        assertThat((String) JsonPath.read(payload, "$.webhookId")).isEqualTo(webhookId);
        assertThat((String) JsonPath.read(payload, "$.customerId")).isEqualTo(customerId);
        assertThat((String) JsonPath.read(payload, "$.url")).isEqualTo(receiver.url());
        assertThat((String) JsonPath.read(payload, "$.reason")).isEqualTo(reason);
        assertThat((Integer) JsonPath.read(payload, "$.statusCode")).isEqualTo(statusCode);
        assertThat((String) JsonPath.read(payload, "$.disabledAt")).isNotBlank();
    }

    @Test
    void twoPeopleEditingOneSubscriptionDoNotOverwriteEachOther() throws Exception {
        var webhook = subscribe(customer(acme), "ticket.*");
        String read = mvc.perform(get("/api/v1/webhooks/{id}", webhook.id()).with(customer(acme)))
                .andExpect(status().isOk()).andReturn().getResponse().getHeader("ETag");
        assertThat(read).matches("\"[0-9]+\"");

        String changed = mvc.perform(json(patch("/api/v1/webhooks/{id}", webhook.id()).header("If-Match", read),
                customer(acme), "{\"description\":\"ERP, production\"}")).andExpect(status().isOk())
                .andExpect(jsonPath("$.description").value("ERP, production"))
                .andReturn().getResponse().getHeader("ETag");
        assertThat(changed).isNotEqualTo(read);

        // the second person read it before that change: told, not overwriting it
        mvc.perform(json(patch("/api/v1/webhooks/{id}", webhook.id()).header("If-Match", read), customer(acme),
                "{\"description\":\"ERP, test\"}")).andExpect(status().isPreconditionFailed())
                .andExpect(jsonPath("$.code").value("PRECONDITION_FAILED"))
                .andExpect(jsonPath("$.currentETag").value(changed));
        mvc.perform(json(patch("/api/v1/webhooks/{id}", webhook.id()).header("If-Match", "W/" + changed),
                customer(acme), "{\"enabled\":false}")).andExpect(status().isPreconditionFailed());
        mvc.perform(get("/api/v1/webhooks/{id}", webhook.id()).with(customer(acme)))
                .andExpect(jsonPath("$.description").value("ERP, production")).andExpect(jsonPath("$.enabled").value(true));

        // without If-Match the change applies to what it is now; a rotation moves the ETag on as well
        mvc.perform(json(patch("/api/v1/webhooks/{id}", webhook.id()), customer(acme), "{\"description\":\"ERP\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.description").value("ERP"));
        mvc.perform(post("/api/v1/webhooks/{id}/secret-rotation", webhook.id()).with(customer(acme)))
                .andExpect(status().isOk());
        String rotated = mvc.perform(get("/api/v1/webhooks/{id}", webhook.id()).with(customer(acme)))
                .andReturn().getResponse().getHeader("ETag");
        assertThat(List.of(read, changed)).doesNotContain(rotated);
    }

    @Test
    void refusesTargetsInsideTheNetworkAndMalformedFilters() throws Exception {
        for (String url : List.of("http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]:9/x",
                "http://192.168.0.10/x", "ftp://example.com/x", "http://user:pw@127.0.0.1/x", "/relative")) {
            mvc.perform(json(post("/api/v1/webhooks"), customer(acme), "{\"url\":\"%s\",\"events\":[\"*\"]}".formatted(url)))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                    .andExpect(jsonPath("$.errors[0].field").value("url"));
        }
        mvc.perform(json(post("/api/v1/webhooks"), customer(acme),
                "{\"url\":\"%s\",\"events\":[\"ticket.closed\"]}".formatted(receiver.url())))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("events[0]"));
        mvc.perform(json(post("/api/v1/webhooks"), customer(acme),
                "{\"url\":\"%s\",\"events\":[\"payroll.*\"]}".formatted(receiver.url())))
                .andExpect(status().isBadRequest());
        mvc.perform(json(post("/api/v1/webhooks"), agent(), "{\"url\":\"%s\",\"events\":[\"*\"]}".formatted(receiver.url())))
                .andExpect(status().isForbidden());
        String listed = mvc.perform(get("/api/v1/webhooks").with(customer(acme))).andReturn().getResponse()
                .getContentAsString();
        assertThat(JsonPath.<Integer>read(listed, "$.totalElements")).isZero();
    }

    @Test
    void aRetriedCreationAnswersTheSameWebhookAndSecret() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = "{\"url\":\"%s\",\"events\":[\"ticket.closed.v1\"],\"description\":\"ERP\"}".formatted(receiver.url());

        String first = mvc.perform(json(post("/api/v1/webhooks").header("Idempotency-Key", key), customer(acme), body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        created.add(JsonPath.read(first, "$.id"));
        String again = mvc.perform(json(post("/api/v1/webhooks").header("Idempotency-Key", key), customer(acme), body))
                .andExpect(status().isCreated()).andExpect(header().string("Idempotent-Replayed", "true"))
                .andReturn().getResponse().getContentAsString();

        assertThat((String) JsonPath.read(again, "$.id")).isEqualTo(JsonPath.read(first, "$.id"));
        assertThat((String) JsonPath.read(again, "$.secret")).isEqualTo(JsonPath.read(first, "$.secret"));
        mvc.perform(json(post("/api/v1/webhooks").header("Idempotency-Key", key), customer(acme),
                body.replace("ERP", "CRM"))).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_REUSED"));
        // the same key from another caller is another request
        mvc.perform(json(post("/api/v1/webhooks").header("Idempotency-Key", key), customer(globex), body))
                .andExpect(status().isCreated()).andDo(result -> created.add(JsonPath.read(
                        result.getResponse().getContentAsString(), "$.id")));
    }

    @Test
    void pingsAndReplaysWithTheSameMessageIds() throws Exception {
        var webhook = subscribe(customer(acme), "ticket.*");
        Instant from = Instant.now().minusSeconds(1);
        String ticket = recordTicket(acme);
        await().atMost(PATIENCE).until(() -> types(receiver.about(ticket)).contains("ticket.opened.v1"));
        List<String> firstIds = receiver.about(ticket).stream().map(Request::id).toList();

        mvc.perform(post("/api/v1/webhooks/{id}/test", webhook.id()).with(customer(acme)))
                .andExpect(status().isAccepted());
        await().atMost(PATIENCE).until(() -> receiver.requests().stream()
                .anyMatch(request -> request.type().equals("webhook.test.v1") && request.signedWith(webhook.secret())));

        mvc.perform(json(post("/api/v1/webhooks/{id}/replay", webhook.id()), customer(acme),
                "{\"from\":\"%s\",\"to\":\"%s\"}".formatted(from, Instant.now().plusSeconds(1))))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.replayed").value(firstIds.size() + 1));
        await().atMost(PATIENCE).until(() -> receiver.about(ticket).size() == firstIds.size() * 2);
        assertThat(receiver.about(ticket).subList(firstIds.size(), firstIds.size() * 2)).extracting(Request::id)
                .containsExactlyElementsOf(firstIds);
    }

    private static final String CONTACT_ATTEMPT = "{\"at\":\"2026-11-25T09:40:00+08:00\",\"outcome\":\"NO_ANSWER\"}";

    /** The engineer's attempt to reach the ticket's customer, as dispatch announces it: on the timeline only. */
    private static void contactAttempt(String ticket, int sequence, String eventId) {
        TestEvents events = TestInfrastructure.get().events();
        if (eventId == null) {
            events.send("dispatch.events", "customer.contact-attempted.v1", ticket, sequence, CONTACT_ATTEMPT);
        } else {
            events.send("dispatch.events", "customer.contact-attempted.v1", ticket, sequence, CONTACT_ATTEMPT, eventId);
        }
    }

    private static List<String> types(List<Request> requests) {
        return requests.stream().map(Request::type).toList();
    }

    private static List<Request> delivered(List<Request> requests) {
        return requests.stream().filter(request -> request.answered() >= 200 && request.answered() < 300).toList();
    }

    private record Subscription(String id, String secret) {
    }

    private Subscription subscribe(RequestPostProcessor owner, String events) throws Exception {
        String response = mvc.perform(json(post("/api/v1/webhooks"), owner,
                "{\"url\":\"%s\",\"events\":[\"%s\"],\"description\":\"test endpoint\"}".formatted(receiver.url(), events)))
                .andExpect(status().isCreated()).andExpect(header().exists("Location"))
                .andExpect(jsonPath("$.enabled").value(true)).andReturn().getResponse().getContentAsString();
        Subscription subscription = new Subscription(JsonPath.read(response, "$.id"), JsonPath.read(response, "$.secret"));
        created.add(subscription.id());
        assertThat(subscription.secret()).startsWith("whsec_");
        return subscription;
    }

    private String organisation() throws Exception {
        String id = "w" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(json(post("/api/v1/customers"), agent(), "{\"id\":\"%s\",\"name\":\"Org %s\"}".formatted(id, id)))
                .andExpect(status().isCreated());
        mvc.perform(json(post("/api/v1/customers/{id}/sites", id), agent(),
                "{\"id\":\"hq\",\"name\":\"HQ\",\"address\":\"上海市浦东新区 1 号\",\"areaCode\":\"310115\"}"))
                .andExpect(status().isCreated());
        return id;
    }

    /** Records a complete monitoring-system report, which opens at once; answers the ticket's id. */
    private String recordTicket(String customerId) throws Exception {
        String response = mvc.perform(json(post("/api/v1/tickets"), agent(), """
                {"channel":"INTEGRATION","customerId":"%s","siteId":"hq",
                 "when":{"occurredAt":"2026-11-25T09:30:00+08:00"},"who":{"reportedBy":"监控系统","affectedUsers":"财务部"},
                 "where":{"location":"机房 A 排 3 号柜"},"what":{"symptom":"UPS 告警灯闪烁","errorMessages":["E21"]},
                 "why":{"suspectedCause":"电池老化"},"how":{"discoveredHow":"监控告警","impact":"HIGH","urgency":"MEDIUM"}}
                """.formatted(customerId))).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return JsonPath.read(response, "$.id");
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, RequestPostProcessor caller,
            String body) {
        return request.with(caller).contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
