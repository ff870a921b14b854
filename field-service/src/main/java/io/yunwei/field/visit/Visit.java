package io.yunwei.field.visit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.yunwei.field.visit.VisitEvents.Outcome;

/** One trip to the site. Its steps are recorded in order; completion checks that none was skipped. */
public class Visit {

    private String id;
    private String dispatchId;
    private String engineerId;
    private VisitStatus status;
    private Instant plannedAt;
    private Instant checkedInAt;
    private Resolution resolution;
    private ServiceForm serviceForm;
    private Completion completion;

    protected Visit() {
    }

    Visit(String id, String dispatchId, String engineerId, Instant plannedAt) {
        this.id = id;
        this.dispatchId = dispatchId;
        this.engineerId = engineerId;
        this.plannedAt = plannedAt;
        this.status = VisitStatus.PLANNED;
    }

    void checkIn(Instant now) {
        requireStatus(VisitStatus.PLANNED, "checked in");
        checkedInAt = now;
        status = VisitStatus.ON_SITE;
    }

    void resolve(Resolution resolution) {
        requireStatus(VisitStatus.ON_SITE, "given a resolution");
        this.resolution = resolution;
    }

    void sign(ServiceForm form) {
        requireStatus(VisitStatus.ON_SITE, "signed off");
        if (resolution == null) {
            throw new VisitRuleException("RESOLUTION_FIRST",
                    "The customer signs the service form after the resolution is recorded.");
        }
        serviceForm = form;
    }

    /** Ends the visit, or refuses with every step still missing for the outcome asked for. */
    void complete(Completion completion) {
        requireStatus(VisitStatus.ON_SITE, "completed");
        List<String> missing = new ArrayList<>();
        if (completion.outcome() == Outcome.RESOLVED) {
            if (resolution == null) {
                missing.add("RESOLUTION");
            }
            if (serviceForm == null) {
                missing.add("SERVICE_FORM");
            }
        }
        if (completion.outcome() == Outcome.REVISIT_NEEDED
                && (completion.nextVisitReason() == null || completion.nextVisitReason().isBlank())) {
            missing.add("NEXT_VISIT_REASON");
        }
        if (!completion.cleanupDone()) {
            missing.add("SITE_CLEANUP");
        }
        if (!missing.isEmpty()) {
            throw new VisitRuleException("VISIT_INCOMPLETE",
                    "The visit cannot be completed as " + completion.outcome() + " yet; missing: " + missing + ".")
                    .with("missingSteps", missing);
        }
        this.completion = completion;
        status = VisitStatus.COMPLETED;
    }

    private void requireStatus(VisitStatus expected, String action) {
        if (status != expected) {
            throw new VisitRuleException("ILLEGAL_TRANSITION", "A visit that is " + status + " cannot be " + action + ".")
                    .with("status", status).with("allowedNext", status.next());
        }
    }

    public String id() { return id; }
    public String dispatchId() { return dispatchId; }
    public String engineerId() { return engineerId; }
    public VisitStatus status() { return status; }
    public Instant plannedAt() { return plannedAt; }
    public Instant checkedInAt() { return checkedInAt; }
    public Resolution resolution() { return resolution; }
    public ServiceForm serviceForm() { return serviceForm; }
    public Completion completion() { return completion; }

    public enum VisitStatus {
        PLANNED, ON_SITE, COMPLETED;

        List<String> next() {
            return switch (this) {
                case PLANNED -> List.of("check-in");
                case ON_SITE -> List.of("resolution", "service-form", "completion");
                case COMPLETED -> List.of();
            };
        }
    }

    public record Resolution(String solution, String emergencyHandling, String maintenanceAdvice, Instant recordedAt) {
    }

    public record ServiceForm(String signerName, String signature, Evaluation evaluation, Instant signedAt) {
    }

    public record Evaluation(int score, String comment) {
    }

    public record Completion(Outcome outcome, boolean cleanupDone, String nextVisitReason, Instant completedAt) {
    }
}
