package io.yunwei.dispatch.assignment;

import java.time.Instant;
import java.util.List;

import io.yunwei.dispatch.planner.Location;

/** The parts of other services' events dispatch reads, beside {@link DispatchListener} that hands them on. */
final class InboundEvents {

    private InboundEvents() {
    }

    /** The part of {@code ticket.opened.v1} / {@code ticket.reopened.v1} dispatch reads. */
    record TicketNeedsEngineer(String customerId, String siteId, String areaCode, List<String> assetCategories,
            String priority, Integer cycle, String previousEngineerId, Sla sla, DispatchEvents.SiteAccess accessRules,
            Location siteLocation) {
    }

    record Sla(Instant arrivalDue) {
    }

    /** The part of {@code visit.checked-in.v1} dispatch reads. */
    record VisitCheckedIn(String dispatchId, Instant checkedInAt) {
    }

    /** The part of {@code visit.completed.v1} dispatch reads. */
    record VisitCompleted(String dispatchId, String outcome) {
    }
}
