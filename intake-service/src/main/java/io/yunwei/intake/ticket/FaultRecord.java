package io.yunwei.intake.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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

    /** This record with every part the amendment gives replaced. */
    public FaultRecord amendedWith(FaultRecord parts) {
        return new FaultRecord(parts.when() == null ? when : parts.when(), parts.who() == null ? who : parts.who(),
                parts.where() == null ? where : parts.where(), parts.what() == null ? what : parts.what(),
                parts.why() == null ? why : parts.why(), parts.how() == null ? how : parts.how());
    }

    /** The dimensions whose answers differ in {@code other}. */
    public List<String> changedParts(FaultRecord other) {
        List<String> changed = new ArrayList<>();
        addIfChanged(changed, Dimension.WHEN, when, other.when());
        addIfChanged(changed, Dimension.WHO, who, other.who());
        addIfChanged(changed, Dimension.WHERE, where, other.where());
        addIfChanged(changed, Dimension.WHAT, what, other.what());
        addIfChanged(changed, Dimension.WHY, why, other.why());
        addIfChanged(changed, Dimension.HOW, how, other.how());
        return changed;
    }

    private static void addIfChanged(List<String> changed, Dimension dimension, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(dimension.name());
        }
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
