package io.yunwei.intake.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The 5W1H record of a fault: When, Who, Where, What, Why, How. */
public record FaultRecord(When when, Who who, Where where, What what, Why why, How how) {

    public record When(Instant occurredAt) {
    }

    public record Who(String reportedBy, String affectedUsers) {
    }

    public record Where(String location) {
    }

    public record What(String symptom, List<String> errorMessages) {
    }

    public record Why(String suspectedCause) {
    }

    public record How(String discoveredHow, Level impact, Level urgency) {
    }

    public enum Dimension {
        WHEN, WHO, WHERE, WHAT, WHY, HOW
    }

    public enum Level {
        HIGH, MEDIUM, LOW
    }

    /** Which dimensions still lack what the call centre must ask for. */
    public Completeness completeness() {
        List<Dimension> missing = new ArrayList<>();
        if (when == null || when.occurredAt() == null) {
            missing.add(Dimension.WHEN);
        }
        if (who == null || blank(who.reportedBy())) {
            missing.add(Dimension.WHO);
        }
        if (where == null || blank(where.location())) {
            missing.add(Dimension.WHERE);
        }
        if (what == null || blank(what.symptom())) {
            missing.add(Dimension.WHAT);
        }
        if (why == null || blank(why.suspectedCause())) {
            missing.add(Dimension.WHY);
        }
        if (how == null || blank(how.discoveredHow()) || how.impact() == null || how.urgency() == null) {
            missing.add(Dimension.HOW);
        }
        double score = (Dimension.values().length - missing.size()) / (double) Dimension.values().length;
        return new Completeness(Math.round(score * 100) / 100.0, List.copyOf(missing));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    public record Completeness(double score, List<Dimension> missing) {

        public boolean complete() {
            return missing.isEmpty();
        }
    }
}
