package io.yunwei.field.visit;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.yunwei.field.visit.Visit.Appointment;
import io.yunwei.field.visit.Visit.Completion;
import io.yunwei.field.visit.Visit.Consent;
import io.yunwei.field.visit.Visit.Decision;
import io.yunwei.field.visit.Visit.Diagnosis;
import io.yunwei.field.visit.Visit.EntryQuestion;
import io.yunwei.field.visit.Visit.EntryTopic;
import io.yunwei.field.visit.Visit.Evaluation;
import io.yunwei.field.visit.Visit.Inspection;
import io.yunwei.field.visit.Visit.OptionsOffered;
import io.yunwei.field.visit.Visit.Resolution;
import io.yunwei.field.visit.Visit.SiteAccessRules;
import io.yunwei.field.visit.Visit.SiteChecklist;
import io.yunwei.field.visit.Visit.VisitStatus;

/** A visit as the API shows it; the signature image and the evidence files themselves are left out. */
record VisitView(String id, String ticketId, String dispatchId, String engineerId, String customerId, String siteId,
        VisitStatus status, Instant plannedAt, Appointment appointment, Instant checkedInAt,
        SiteAccessRules accessRules, ChecklistView siteChecklist, List<Consent> consents, Diagnosis diagnosis,
        OptionsOffered options, Decision decision, List<EvidenceView> evidence, Inspection inspection,
        Resolution resolution, SignedForm serviceForm, Completion completion, List<String> allowedNext) {

    static VisitView of(String ticketId, Visit v) {
        SignedForm form = v.serviceForm() == null ? null
                : new SignedForm(v.serviceForm().signerName(), v.serviceForm().evaluation(), v.serviceForm().signedAt());
        return new VisitView(v.id(), ticketId, v.dispatchId(), v.engineerId(), v.customerId(), v.siteId(), v.status(),
                v.plannedAt(), v.appointment(), v.checkedInAt(), v.accessRules(), ChecklistView.of(v), v.consents(),
                v.diagnosis(), v.options(), v.decision(),
                v.evidence().stream().map(e -> new EvidenceView(e.id(), e.filename(), e.contentType(), e.size(),
                        e.sha256(), e.caption(), e.uploadedAt(), "/api/v1/visits/" + v.id() + "/evidence/" + e.id()))
                        .toList(),
                v.inspection(), v.resolution(), form, v.completion(), v.status().next());
    }

    /** The checklist as recorded, with what this site requires and what is still open. */
    record ChecklistView(Set<EntryTopic> requiredQuestions, boolean complete, List<String> missing, Boolean uniformWorn,
            Boolean badgeShown, List<EntryQuestion> questions, Instant recordedAt) {

        static ChecklistView of(Visit v) {
            SiteChecklist recorded = v.checklist() == null ? SiteChecklist.EMPTY : v.checklist();
            List<String> missing = recorded.missing(v.accessRules());
            return new ChecklistView(SiteChecklist.required(v.accessRules()), missing.isEmpty(), missing,
                    v.checklist() == null ? null : recorded.uniformWorn(),
                    v.checklist() == null ? null : recorded.badgeShown(), recorded.questions(), recorded.recordedAt());
        }
    }

    record EvidenceView(String id, String filename, String contentType, long size, String sha256, String caption,
            Instant uploadedAt, String download) {
    }

    record SignedForm(String signerName, Evaluation evaluation, Instant signedAt) {
    }
}
