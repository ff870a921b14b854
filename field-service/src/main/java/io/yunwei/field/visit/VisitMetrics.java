package io.yunwei.field.visit;

import java.util.Set;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.field.visit.Visit.ConsentType;
import io.yunwei.field.visit.VisitEvents.Outcome;

/**
 * Business metrics of the work on site. Every series is registered at start, so the dashboards show zero rather
 * than nothing before the first visit.
 */
@Component
class VisitMetrics {

    static final String COMPLETED = "yunwei.field.visits.completed";
    static final String EVIDENCE_REFUSED = "yunwei.field.evidence.refused";
    static final String CONSENT_MISSING = "yunwei.field.consent.refusals";
    private static final String OTHER = "OTHER";
    /** The reasons an upload is refused; anything else is counted as {@value #OTHER}. */
    private static final Set<String> EVIDENCE_REASONS = Set.of("CONSENT_REQUIRED", "EVIDENCE_TOO_LARGE",
            "EMPTY_EVIDENCE", "UNSUPPORTED_EVIDENCE_TYPE", "SITE_CHECKLIST_INCOMPLETE", "ILLEGAL_TRANSITION", OTHER);

    private final MeterRegistry meters;

    VisitMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (Outcome outcome : Outcome.values()) {
            completedCounter(outcome);
        }
        EVIDENCE_REASONS.forEach(this::evidenceRefusedCounter);
        for (ConsentType type : ConsentType.values()) {
            consentMissingCounter(type.name());
        }
    }

    void completed(Outcome outcome) {
        completedCounter(outcome).increment();
    }

    /** An upload refused with {@code problem}; a refusal for lack of the PHOTO consent also counts as one. */
    void evidenceRefused(ApiProblem problem) {
        evidenceRefusedCounter(EVIDENCE_REASONS.contains(problem.code()) ? problem.code() : OTHER).increment();
        consentMissing(problem);
    }

    /** Counts work refused because the customer's consent was not asked for first. */
    void consentMissing(ApiProblem problem) {
        if ("CONSENT_REQUIRED".equals(problem.code()) && problem.properties().get("consent") instanceof ConsentType type) {
            consentMissingCounter(type.name()).increment();
        }
    }

    private Counter completedCounter(Outcome outcome) {
        return Counter.builder(COMPLETED).description("Visits completed, by outcome").tag("outcome", outcome.name())
                .register(meters);
    }

    private Counter evidenceRefusedCounter(String reason) {
        return Counter.builder(EVIDENCE_REFUSED).description("Evidence uploads refused, by the rule that refused them")
                .tag("reason", reason).register(meters);
    }

    private Counter consentMissingCounter(String consent) {
        return Counter.builder(CONSENT_MISSING)
                .description("Work refused because the customer's consent had not been given, by consent type")
                .tag("consent", consent).register(meters);
    }
}
