package io.yunwei.field.visit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What field publishes on {@code field.events}. Add fields, never rename them. */
public final class VisitEvents {

    public static final String CHECKED_IN = "visit.checked-in.v1";
    public static final String DECISION_REQUESTED = "visit.decision-requested.v1";
    public static final String DECISION_RECORDED = "visit.decision-recorded.v1";
    public static final String COMPLETED = "visit.completed.v1";
    public static final String ASSET_INFO_COLLECTED = "asset.info-collected.v1";

    private VisitEvents() {
    }

    public record VisitCheckedIn(String ticketId, String visitId, String dispatchId, String engineerId,
            Instant checkedInAt) {
    }

    /** The customer must choose; the ticket waits for the customer (and its SLA clock pauses) until they do. */
    public record VisitDecisionRequested(String ticketId, String visitId, String dispatchId, String engineerId,
            List<OfferedOption> options, String recommended, Instant requestedAt) {
    }

    public record OfferedOption(String title, String pros, String cons) {
    }

    public record VisitDecisionRecorded(String ticketId, String visitId, String dispatchId, String engineerId,
            String chosen, String decidedBy, Instant decidedAt) {
    }

    /**
     * The visit ended. Besides the outcome it carries what the visit found and did — diagnosis, the customer's
     * decision, resolution, inspection, the signed evaluation — so the archive needs nothing else; each is null
     * when the visit did not get to it.
     */
    public record VisitCompleted(String ticketId, String visitId, String dispatchId, String engineerId,
            Outcome outcome, boolean serviceFormSigned, boolean cleanupDone, String nextVisitReason,
            Instant completedAt, Instant proposedNextVisitAt, String customerId, Findings diagnosis,
            CustomerDecision decision, Remedy resolution, InspectionReport inspection, Evaluation evaluation,
            String signerName) {
    }

    /** The diagnosis as explained to the customer. */
    public record Findings(String symptomRestated, String causeExplained, Instant recordedAt) {
    }

    /** The options offered and, once the customer chose, what they chose. */
    public record CustomerDecision(List<OfferedOption> options, String recommended, String chosen, String decidedBy,
            Instant decidedAt) {
    }

    public record Remedy(String solution, String emergencyHandling, String maintenanceAdvice, Instant recordedAt) {
    }

    public record InspectionReport(List<InspectedAsset> items, Instant inspectedAt) {
    }

    public record InspectedAsset(String assetId, String status, String note) {
    }

    public record Evaluation(int score, String comment) {
    }

    /** What the engineer found out about the customer's equipment while inspecting it, for the CMDB. */
    public record AssetInfoCollected(String ticketId, String visitId, String engineerId, String customerId,
            List<CollectedAsset> assets, Instant collectedAt) {
    }

    public record CollectedAsset(String assetId, String status, String note, Map<String, String> info) {
    }

    public enum Outcome {
        RESOLVED, REVISIT_NEEDED, UNRESOLVED
    }
}
