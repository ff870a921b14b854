package io.yunwei.dispatch.assignment;

import java.time.Instant;

/** What dispatch publishes on {@code dispatch.events}. Add fields, never rename them. */
public final class DispatchEvents {

    public static final String ASSIGNED = "dispatch.assigned.v1";
    public static final String ACCEPTED = "dispatch.accepted.v1";
    public static final String DECLINED = "dispatch.declined.v1";
    public static final String EXPIRED = "dispatch.acceptance-expired.v1";
    public static final String REASSIGNED = "dispatch.reassigned.v1";
    public static final String ESCALATED = "dispatch.escalated.v1";
    public static final String CONTACT_ATTEMPTED = "customer.contact-attempted.v1";
    public static final String APPOINTMENT_BOOKED = "appointment.booked.v1";
    public static final String APPOINTMENT_RESCHEDULED = "appointment.rescheduled.v1";

    private DispatchEvents() {
    }

    /**
     * {@code acceptBy}: when the engineer's silence counts as a refusal; {@code accessRules}: the site's entry rules
     * from intake, which the engineer's checklist on site follows.
     */
    public record DispatchAssigned(String ticketId, String dispatchId, String engineerId, String engineerName,
            String customerId, String siteId, int cycle, String reason, Instant assignedAt, Instant acceptBy,
            String priority, SiteAccess accessRules) {
    }

    /** What an engineer must ask about before entering the site. */
    public record SiteAccess(boolean registrationRequired, boolean shoeCovers, boolean antiStatic, String notes) {
    }

    public record DispatchAccepted(String ticketId, String dispatchId, String engineerId, Instant acceptedAt) {
    }

    public record DispatchDeclined(String ticketId, String dispatchId, String engineerId, String reason,
            int failures, Instant declinedAt) {
    }

    public record AcceptanceExpired(String ticketId, String dispatchId, String engineerId, Instant acceptBy,
            int failures, Instant expiredAt) {
    }

    /**
     * The ticket moved from one engineer to another. {@code cause}: {@code DECLINED}, {@code ACCEPTANCE_EXPIRED},
     * {@code DISPATCHER}, or the planner's {@code ENGINEER_UNAVAILABLE} and {@code VISIT_OVERRUN}; {@code dispatchId} and {@code engineerId} name the new dispatch, which is also
     * announced as assigned.
     */
    public record DispatchReassigned(String ticketId, String dispatchId, String engineerId, String engineerName,
            String previousDispatchId, String previousEngineerId, String cause, String reason, String by,
            Instant reassignedAt) {
    }

    public record DispatchEscalated(String ticketId, String reason, Instant escalatedAt, int failures,
            String lastDispatchId) {
    }

    public record ContactAttempted(String ticketId, String dispatchId, String engineerId, int attempt, Instant at,
            String outcome, String note) {
    }

    public record AppointmentBooked(String ticketId, String dispatchId, String engineerId, Instant windowStart,
            Instant windowEnd, Contact contactOnArrival, String preNotice, boolean customerRequestedLater,
            Instant arrivalDue, Instant bookedAt) {
    }

    public record AppointmentRescheduled(String ticketId, String dispatchId, String engineerId, Instant windowStart,
            Instant windowEnd, Contact contactOnArrival, String preNotice, boolean customerRequestedLater,
            Instant arrivalDue, Instant previousWindowStart, Instant previousWindowEnd, int revision,
            Instant rescheduledAt) {
    }

    public record Contact(String name, String phone) {
    }
}
