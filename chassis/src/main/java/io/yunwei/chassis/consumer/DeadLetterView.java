package io.yunwei.chassis.consumer;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.Document;

/**
 * A dead letter as an operator sees it: where the record came from, what it carried, why it failed, and whether
 * and how it was re-driven ({@code redriveOf} links a letter to the one whose re-drive failed again).
 */
record DeadLetterView(String id, String group, String topic, int partition, long offset, String key,
        Map<String, String> headers, String value, String error, Instant deadLetteredAt, DeadLetterStatus status,
        int attempt, String redriveOf, Redrive redrive) {

    /** Who re-drove the letter, when, and how it ended (no outcome yet while it is being re-driven). */
    record Redrive(String by, Instant at, RedriveOutcome outcome, Instant completedAt, String error,
            String deadLetteredAgainAs) {
    }

    static DeadLetterView of(Document letter) {
        Map<String, String> headers = new LinkedHashMap<>();
        Document stored = letter.get("headers", Document.class);
        if (stored != null) {
            stored.forEach((name, value) -> headers.put(name, value == null ? null : value.toString()));
        }
        Document redrive = letter.get("redrive", Document.class);
        return new DeadLetterView(letter.getString("_id"), letter.getString("group"), letter.getString("topic"),
                letter.get("partition") instanceof Number n ? n.intValue() : 0,
                letter.get("offset") instanceof Number n ? n.longValue() : 0L, letter.getString("key"), headers,
                letter.getString("value"), letter.getString("error"), instant(letter.getDate("deadLetteredAt")),
                DeadLetterStatus.valueOf(letter.getString("status")),
                letter.get("attempt") instanceof Number n ? n.intValue() : 0,
                letter.getString("redriveOf"),
                redrive == null ? null
                        : new Redrive(redrive.getString("by"), instant(redrive.getDate("at")),
                                redrive.getString("outcome") == null ? null
                                        : RedriveOutcome.valueOf(redrive.getString("outcome")),
                                instant(redrive.getDate("completedAt")),
                                redrive.getString("error"), redrive.getString("deadLetteredAgainAs")));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
