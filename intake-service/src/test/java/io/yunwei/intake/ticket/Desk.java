package io.yunwei.intake.ticket;

import static io.yunwei.chassis.testkit.Callers.agent;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

/** The call-centre desk as a test drives it: a fresh customer with a site, assets, contacts and tickets. */
final class Desk {

    private final MockMvc mvc;
    final String customerId;

    Desk(MockMvc mvc) throws Exception {
        this.mvc = mvc;
        this.customerId = "c" + UUID.randomUUID().toString().substring(0, 8);
        send(post("/api/v1/customers"), "{\"id\":\"%s\",\"name\":\"Acme 制造\"}".formatted(customerId))
                .andExpect(status().isCreated());
        send(post("/api/v1/customers/{id}/sites", customerId),
                "{\"id\":\"hq\",\"name\":\"HQ\",\"address\":\"上海市浦东新区 1 号\",\"areaCode\":\"310115\"}")
                .andExpect(status().isCreated());
    }

    String asset(String category) throws Exception {
        String id = "a" + UUID.randomUUID().toString().substring(0, 8);
        send(post("/api/v1/assets"), "{\"id\":\"%s\",\"customerId\":\"%s\",\"siteId\":\"hq\",\"category\":\"%s\"}"
                .formatted(id, customerId, category)).andExpect(status().isCreated());
        return id;
    }

    void contact(String name, String phone) throws Exception {
        send(post("/api/v1/customers/{id}/contacts", customerId), "{\"name\":\"%s\",\"phone\":\"%s\"}".formatted(name, phone))
                .andExpect(status().isCreated());
    }

    ResultActions contract(String body) throws Exception {
        return send(put("/api/v1/customers/{id}/contract", customerId), body);
    }

    ResultActions record(String body) throws Exception {
        return send(post("/api/v1/tickets"), body);
    }

    /** Records a ticket and answers its id. */
    String recorded(String body) throws Exception {
        return JsonPath.read(record(body).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(),
                "$.id");
    }

    String etag(String ticketId) throws Exception {
        return mvc.perform(get("/api/v1/tickets/{id}", ticketId).with(agent())).andReturn().getResponse().getHeader("ETag");
    }

    /** Waits until the other services' events have moved the ticket to {@code expected}. */
    void awaitStatus(String ticketId, String expected) {
        await().atMost(Duration.ofSeconds(20)).until(() -> expected.equals(JsonPath.read(
                mvc.perform(get("/api/v1/tickets/{id}", ticketId).with(agent())).andReturn().getResponse()
                        .getContentAsString(), "$.status")));
    }

    ResultActions amend(String ticketId, String etag, String body) throws Exception {
        var request = patch("/api/v1/tickets/{id}", ticketId);
        if (etag != null) {
            request.header("If-Match", etag);
        }
        return send(request, body);
    }

    ResultActions readBack(String ticketId) throws Exception {
        return send(post("/api/v1/tickets/{id}/read-back", ticketId),
                "{\"confirmedBy\":\"张先生\",\"summaryReadBack\":\"已向来电人复述并确认\"}");
    }

    ResultActions send(MockHttpServletRequestBuilder request, String body) throws Exception {
        return mvc.perform(request.with(agent()).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    /** A complete 5W1H report; {@code extra} adds fields such as assetIds or reporter, {@code without} drops parts. */
    String report(String channel, String extra, String... without) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("when", "{\"occurredAt\":\"2026-11-25T09:30:00+08:00\"}");
        parts.put("who", "{\"reportedBy\":\"王工\",\"affectedUsers\":\"财务部\"}");
        parts.put("where", "{\"location\":\"机房 A 排 3 号柜\"}");
        parts.put("what", "{\"symptom\":\"UPS 告警灯闪烁\",\"errorMessages\":[\"E21 battery\"]}");
        parts.put("why", "{\"suspectedCause\":\"电池老化\"}");
        parts.put("how", "{\"discoveredHow\":\"巡检发现\",\"impact\":\"HIGH\",\"urgency\":\"MEDIUM\"}");
        for (String part : without) {
            parts.remove(part);
        }
        StringBuilder body = new StringBuilder("{\"channel\":\"%s\",\"customerId\":\"%s\",\"siteId\":\"hq\""
                .formatted(channel, customerId));
        if (extra != null && !extra.isBlank()) {
            body.append(',').append(extra);
        }
        parts.forEach((name, value) -> body.append(",\"").append(name).append("\":").append(value));
        return body.append('}').toString();
    }
}
