package io.yunwei.field.visit;

import java.time.Instant;

import io.yunwei.field.visit.Visit.Completion;
import io.yunwei.field.visit.Visit.Evaluation;
import io.yunwei.field.visit.Visit.Resolution;
import io.yunwei.field.visit.Visit.VisitStatus;

/** A visit as the API shows it; the signature image itself is left out. */
record VisitView(String id, String ticketId, String dispatchId, String engineerId, VisitStatus status,
        Instant plannedAt, Instant checkedInAt, Resolution resolution, SignedForm serviceForm, Completion completion) {

    static VisitView of(String ticketId, Visit v) {
        SignedForm form = v.serviceForm() == null ? null
                : new SignedForm(v.serviceForm().signerName(), v.serviceForm().evaluation(), v.serviceForm().signedAt());
        return new VisitView(v.id(), ticketId, v.dispatchId(), v.engineerId(), v.status(), v.plannedAt(),
                v.checkedInAt(), v.resolution(), form, v.completion());
    }

    record SignedForm(String signerName, Evaluation evaluation, Instant signedAt) {
    }
}
