package io.yunwei.field.visit;

import java.time.Instant;

/** What field publishes on {@code field.events}. Add fields, never rename them. */
public final class VisitEvents {

    public static final String CHECKED_IN = "visit.checked-in.v1";
    public static final String COMPLETED = "visit.completed.v1";

    private VisitEvents() {
    }

    public record VisitCheckedIn(String ticketId, String visitId, String dispatchId, String engineerId,
            Instant checkedInAt) {
    }

    public record VisitCompleted(String ticketId, String visitId, String dispatchId, String engineerId,
            Outcome outcome, boolean serviceFormSigned, boolean cleanupDone, String nextVisitReason,
            Instant completedAt) {
    }

    public enum Outcome {
        RESOLVED, REVISIT_NEEDED, UNRESOLVED
    }
}
