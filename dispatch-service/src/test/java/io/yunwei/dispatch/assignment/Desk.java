package io.yunwei.dispatch.assignment;

import static io.yunwei.chassis.testkit.Callers.role;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.events.EventHeaders;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TopicProbe;

/** Fixtures for dispatch tests: engineers in a fresh area, tickets opening there, and reading what came of them. */
final class Desk {

    final String area = "A" + UUID.randomUUID().toString().substring(0, 6);
    private final MockMvc mvc;
    private final TestEvents intake;
    private final TopicProbe dispatchEvents;

    Desk(MockMvc mvc, TestEvents intake, TopicProbe dispatchEvents) {
        this.mvc = mvc;
        this.intake = intake;
        this.dispatchEvents = dispatchEvents;
    }

    /** A printer engineer of level 3 covering the desk's area around the clock. */
    String engineer(int capacity) throws Exception {
        return engineer(capacity, "");
    }

    /** As {@link #engineer(int)}, with more JSON fields (starting with a comma). */
    String engineer(int capacity, String moreFields) throws Exception {
        String id = "e-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/api/v1/engineers").with(role("SUPERVISOR")).contentType(MediaType.APPLICATION_JSON).content("""
                {"id":"%s","name":"工程师 %s","phone":"+86 138 0000 0000","skills":[{"category":"PRINTER","level":3}],
                 "areas":["%s"],"capacity":%d %s}""".formatted(id, id, area, capacity, moreFields)))
                .andExpect(status().isCreated());
        return id;
    }

    String opened(String priority) {
        return opened(priority, null);
    }

    String opened(String priority, Instant arrivalDue) {
        String ticket = UUID.randomUUID().toString();
        intake.send("intake.events", "ticket.opened.v1", ticket, 3, """
                {"ticketId":"%s","customerId":"acme","siteId":"hq","areaCode":"%s","assetCategories":["PRINTER"],
                 "priority":"%s","sla":{"arrivalDue":%s}}"""
                .formatted(ticket, area, priority, arrivalDue == null ? "null" : "\"" + arrivalDue + "\""));
        return ticket;
    }

    static String dispatchId(String ticket, int n) {
        return ticket + "-D" + n;
    }

    /** The dispatch as a dispatcher sees it, once it exists. */
    String awaitDispatch(String dispatchId) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            var response = mvc.perform(get("/api/v1/dispatches/{id}", dispatchId).with(role("DISPATCHER"))).andReturn()
                    .getResponse();
            return response.getStatus() == 200 ? response.getContentAsString() : null;
        }, body -> body != null);
    }

    String engineerOf(String dispatchId) {
        return JsonPath.read(awaitDispatch(dispatchId), "$.engineerId");
    }

    int active(String engineerId) throws Exception {
        String body = mvc.perform(get("/api/v1/engineers/{id}", engineerId).with(role("SUPERVISOR"))).andReturn()
                .getResponse().getContentAsString();
        return JsonPath.<List<?>>read(body, "$.active").size();
    }

    /** The payloads of one event type published about a ticket, in order. */
    List<String> payloads(String ticket, String type) {
        return dispatchEvents.records().stream().filter(r -> ticket.equals(r.key()))
                .filter(r -> type.equals(TopicProbe.header(r, EventHeaders.TYPE))).map(ConsumerRecord::value).toList();
    }

    List<String> types(String ticket) {
        return dispatchEvents.typesOf(ticket);
    }
}
