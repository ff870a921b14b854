package io.yunwei.gateway.console;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * An amendment that came too late: someone changed the ticket after this agent read it. Says who and when, and for
 * each field they changed, what the ticket now says beside what this agent typed, so the agent can decide which to
 * keep before saving again.
 */
record StaleEdit(String by, String at, List<Row> rows) {

    /** One field the other change touched: as it is now saved, and as this agent typed it. */
    record Row(String field, String saved, String typed) {
    }

    /** The form fields each part of the record named in {@code lastAmended.changed} is typed in. */
    private static final Map<String, List<String>> PART_FIELDS = Map.of("WHEN", List.of("occurredAt"),
            "WHO", List.of("reportedBy", "affectedUsers"), "WHERE", List.of("location"),
            "WHAT", List.of("symptom", "errorMessages"), "WHY", List.of("suspectedCause"),
            "HOW", List.of("discoveredHow", "impact", "urgency"), "siteId", List.of("siteId"),
            "assetIds", List.of("assetIds"));

    static StaleEdit of(JsonNode current, CallForm typed, ZoneId zone) {
        JsonNode amended = current.path("lastAmended");
        Map<String, String> saved = CallForm.of(current, null, zone).values();
        Map<String, String> mine = typed.values();
        List<Row> rows = new ArrayList<>();
        for (JsonNode part : amended.path("changed")) {
            for (String field : PART_FIELDS.getOrDefault(part.asString(), List.of())) {
                if (!saved.get(field).equals(mine.get(field))) {
                    rows.add(new Row(field, saved.get(field), mine.get(field)));
                }
            }
        }
        return new StaleEdit(amended.path("by").isString() ? amended.path("by").asString() : null,
                TicketProgress.time(amended.path("at"), zone), rows);
    }
}
