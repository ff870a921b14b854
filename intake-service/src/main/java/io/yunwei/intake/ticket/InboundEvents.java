package io.yunwei.intake.ticket;

import java.time.Instant;
import java.util.Map;

/** The other services' events intake follows, in the shape intake reads them (unknown fields are ignored). */
final class InboundEvents {

    static final String DISPATCH_ASSIGNED = "dispatch.assigned.v1";
    static final String DISPATCH_REASSIGNED = "dispatch.reassigned.v1";
    static final String DISPATCH_ACCEPTED = "dispatch.accepted.v1";
    static final String DISPATCH_ESCALATED = "dispatch.escalated.v1";
    static final String CUSTOMER_CONTACT_ATTEMPTED = "customer.contact-attempted.v1";
    static final String APPOINTMENT_BOOKED = "appointment.booked.v1";
    static final String APPOINTMENT_RESCHEDULED = "appointment.rescheduled.v1";
    static final String VISIT_CHECKED_IN = "visit.checked-in.v1";
    static final String VISIT_DECISION_REQUESTED = "visit.decision-requested.v1";
    static final String VISIT_DECISION_RECORDED = "visit.decision-recorded.v1";
    static final String VISIT_COMPLETED = "visit.completed.v1";
    static final String FAULT_RECURRED = "fault.recurred.v1";
    static final String ASSET_INFO_COLLECTED = "asset.info-collected.v1";

    private InboundEvents() {
    }

    record Assignment(String engineerId) {
    }

    record VisitCompleted(String outcome, boolean serviceFormSigned, Instant completedAt) {
    }

    record FaultRecurred(String note) {
    }

    record AssetInfoCollected(String assetId, Map<String, String> attributes, Instant collectedAt) {
    }
}
