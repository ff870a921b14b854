package io.yunwei.dispatch.dispatch;

import java.time.Instant;

/** What dispatch publishes on {@code dispatch.events}. Add fields, never rename them. */
public final class DispatchEvents {

    public static final String ASSIGNED = "dispatch.assigned.v1";
    public static final String ACCEPTED = "dispatch.accepted.v1";
    public static final String ESCALATED = "dispatch.escalated.v1";

    private DispatchEvents() {
    }

    public record DispatchAssigned(String ticketId, String dispatchId, String engineerId, String engineerName,
            String customerId, String siteId, int cycle, String reason, Instant assignedAt) {
    }

    public record DispatchAccepted(String ticketId, String dispatchId, String engineerId, Instant acceptedAt) {
    }

    public record DispatchEscalated(String ticketId, String reason, Instant escalatedAt) {
    }
}
