package io.yunwei.intake.ticket;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a ticket stands in its lifecycle, and which statuses may follow each one. {@code LINKED} is a repeated
 * report of equipment that already has a ticket: it is kept for the record and never dispatched.
 */
public enum TicketStatus {
    RECORDED, LINKED, OPEN, ASSIGNED, ACCEPTED, SCHEDULED, ON_SITE, AWAITING_CUSTOMER, REVISIT_NEEDED, ESCALATED, RESOLVED,
    CLOSED, REOPENED, CANCELLED;

    public Set<TicketStatus> next() {
        return switch (this) {
            case RECORDED -> EnumSet.of(OPEN, LINKED, CANCELLED);
            case LINKED -> EnumSet.of(CANCELLED);
            case OPEN, REOPENED -> EnumSet.of(ASSIGNED, ESCALATED, CANCELLED);
            case ESCALATED -> EnumSet.of(ASSIGNED, CANCELLED);
            case ASSIGNED -> EnumSet.of(ASSIGNED, ACCEPTED, ESCALATED, SCHEDULED, ON_SITE, CANCELLED);
            case ACCEPTED -> EnumSet.of(ASSIGNED, SCHEDULED, ESCALATED, ON_SITE, CANCELLED);
            case SCHEDULED -> EnumSet.of(SCHEDULED, ON_SITE, ASSIGNED, CANCELLED);
            case ON_SITE -> EnumSet.of(AWAITING_CUSTOMER, REVISIT_NEEDED, RESOLVED, ESCALATED);
            case AWAITING_CUSTOMER -> EnumSet.of(ON_SITE, REVISIT_NEEDED, RESOLVED);
            case REVISIT_NEEDED -> EnumSet.of(SCHEDULED, ASSIGNED, ON_SITE);
            case RESOLVED -> EnumSet.of(CLOSED, REOPENED);
            case CLOSED -> EnumSet.of(REOPENED);
            case CANCELLED -> EnumSet.noneOf(TicketStatus.class);
        };
    }

    public boolean allows(TicketStatus target) {
        return next().contains(target);
    }
}
