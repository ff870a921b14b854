package io.yunwei.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class OpenApiMergeTest {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String PROBLEM = "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\"}}}";

    @Test
    void putsEveryServicesPathsAndComponentsSideBySide() {
        ObjectNode merged = merge(
                service("/api/v1/tickets", "listTickets", "TicketView", "{\"type\":\"object\"}"),
                service("/api/v1/visits", "listVisits", "VisitView", "{\"type\":\"object\"}"));

        assertThat(merged.path("paths").propertyNames()).containsExactly("/api/v1/tickets", "/api/v1/visits");
        assertThat(merged.path("components").path("schemas").propertyNames())
                .containsExactlyInAnyOrder("TicketView", "VisitView", "Problem");
        assertThat(merged.path("tags").size()).isEqualTo(1);
        assertThat(merged.path("servers").path(0).path("url").asString()).isEqualTo("https://api.example.org");
    }

    @Test
    void refusesTwoServicesDescribingOnePath() {
        assertThatThrownBy(() -> merge(service("/api/v1/tickets", "listTickets", "A", "{}"),
                service("/api/v1/tickets", "listVisits", "B", "{}")))
                .isInstanceOf(OpenApiMerge.Clash.class).hasMessageContaining("/api/v1/tickets");
    }

    @Test
    void refusesTwoOperationsOfOneName() {
        assertThatThrownBy(() -> merge(service("/api/v1/tickets", "list", "A", "{}"),
                service("/api/v1/visits", "list", "B", "{}")))
                .isInstanceOf(OpenApiMerge.Clash.class).hasMessageContaining("list");
    }

    @Test
    void refusesOneComponentDescribedTwoWays() {
        assertThatThrownBy(() -> merge(service("/api/v1/dispatches", "a", "Appointment", "{\"type\":\"object\"}"),
                service("/api/v1/visits", "b", "Appointment", "{\"type\":\"string\"}")))
                .isInstanceOf(OpenApiMerge.Clash.class).hasMessageContaining("components.schemas.Appointment");
    }

    private static ObjectNode merge(JsonNode first, JsonNode second) {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        documents.put("first", first);
        documents.put("second", second);
        ArrayNode servers = JSON.createArrayNode();
        servers.addObject().put("url", "https://api.example.org");
        return OpenApiMerge.merge(documents, JSON.createObjectNode().put("title", "Yunwei API"), servers);
    }

    private static JsonNode service(String path, String operationId, String schema, String definition) {
        return JSON.readTree("""
                {"openapi":"3.1.0","tags":[{"name":"Dead letters","description":"d"}],
                 "paths":{"%s":{"get":{"operationId":"%s"}}},
                 "components":{"schemas":{"%s":%s,"Problem":%s}}}""".formatted(path, operationId, schema, definition,
                PROBLEM));
    }
}
