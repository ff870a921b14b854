package io.yunwei.gateway.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * An amendment that came too late: the ticket changed after this agent read it. Says who changed its record and when,
 * and for each field they changed, what the ticket now says beside what this agent typed, so the agent can decide
 * which to keep before saving again.
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

    /**
     * The ticket as it now is against what the agent typed. When the record's latest change came after the agent read
     * the ticket, it is the one that made the edit stale: its author, its time, and the fields it changed where they
     * now differ from what was typed. Otherwise (the ticket moved on without its record changing, or the time read is
     * not known) every field that differs, with no author named.
     */
    static StaleEdit of(JsonNode current, CallForm typed, ZoneId zone) {
        JsonNode amended = current.path("lastAmended");
        Map<String, String> saved = CallForm.of(current, null, zone).values();
        Map<String, String> mine = typed.values();
        boolean theirs = amended.path("at").isString() && after(amended.path("at").asString(), typed.getReadAt());
        List<String> fields = new ArrayList<>();
        if (theirs) {
            amended.path("changed").forEach(part -> fields.addAll(PART_FIELDS.getOrDefault(part.asString(), List.of())));
        } else {
            fields.addAll(saved.keySet());
        }
        List<Row> rows = new ArrayList<>();
        for (String field : fields) {
            if (!saved.get(field).equals(mine.get(field))) {
                rows.add(new Row(field, saved.get(field), mine.get(field)));
            }
        }
        return theirs ? new StaleEdit(amended.path("by").asString(null), TicketProgress.time(amended.path("at"), zone), rows)
                : new StaleEdit(null, null, rows);
    }

    private static boolean after(String changedAt, String readAt) {
        if (readAt == null || readAt.isBlank()) {
            return false;
        }
        try {
            return Instant.parse(changedAt).isAfter(Instant.parse(readAt.strip()));
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
