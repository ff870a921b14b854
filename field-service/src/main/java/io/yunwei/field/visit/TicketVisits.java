package io.yunwei.field.visit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.data.mongodb.core.mapping.Document;

import io.yunwei.chassis.idempotency.Answered;
import io.yunwei.chassis.idempotency.IdempotencyKey;
import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.outbox.OutboxDocument;
import io.yunwei.field.visit.Visit.Appointment;
import io.yunwei.field.visit.Visit.Completion;
import io.yunwei.field.visit.Visit.Decision;
import io.yunwei.field.visit.Visit.Inspection;
import io.yunwei.field.visit.Visit.OptionsOffered;
import io.yunwei.field.visit.Visit.Planned;
import io.yunwei.field.visit.Visit.ServiceForm;
import io.yunwei.field.visit.Visit.VisitStatus;
import io.yunwei.field.visit.VisitEvents.AssetInfoCollected;
import io.yunwei.field.visit.VisitEvents.CollectedAsset;
import io.yunwei.field.visit.VisitEvents.CustomerDecision;
import io.yunwei.field.visit.VisitEvents.Findings;
import io.yunwei.field.visit.VisitEvents.InspectedAsset;
import io.yunwei.field.visit.VisitEvents.InspectionReport;
import io.yunwei.field.visit.VisitEvents.OfferedOption;
import io.yunwei.field.visit.VisitEvents.Remedy;
import io.yunwei.field.visit.VisitEvents.VisitCheckedIn;
import io.yunwei.field.visit.VisitEvents.VisitCompleted;
import io.yunwei.field.visit.VisitEvents.VisitDecisionRecorded;
import io.yunwei.field.visit.VisitEvents.VisitDecisionRequested;

/** All visits made for one ticket, in order; a ticket can need several trips. */
@Document("ticket_visits")
public class TicketVisits extends OutboxDocument {

    /** Enough for every step of several trips, retried; a key older than that counts as new again. */
    static final int KEPT_ANSWERS = 100;

    private List<Visit> visits = new ArrayList<>();

    /** Dispatches taken from their engineer: an assignment of one of them re-driven late plans nothing. */
    private List<String> withdrawn = new ArrayList<>();

    /** Answers to requests sent with an {@code Idempotency-Key}, oldest first. */
    private List<Answered> answered = new ArrayList<>();

    protected TicketVisits() {
    }

    TicketVisits(String ticketId) {
        super(ticketId);
    }

    /**
     * Plans the first trip of a new dispatch; one already planned (or done) is not planned again, nor is one for a
     * dispatch that was taken away meanwhile.
     */
    void plan(Planned planned, Instant now) {
        String dispatchId = planned.dispatchId();
        if (!withdrawn.contains(dispatchId) && visits.stream().noneMatch(v -> dispatchId.equals(v.dispatchId()))) {
            visits.add(new Visit(ChildIds.of(id, 'V', visits.size() + 1), planned, now));
        }
    }

    /**
     * The dispatch went to another engineer: the trip not yet started is called off and one is planned for the
     * new dispatch, keeping what is known about the customer and the site.
     */
    void reassigned(String previousDispatchId, String dispatchId, String engineerId, Instant now) {
        if (previousDispatchId != null) {
            withdrawn.add(previousDispatchId);
        }
        Optional<Visit> previous = previousDispatchId == null ? Optional.empty() : openVisit(previousDispatchId);
        previous.ifPresent(Visit::cancel);
        Visit known = previous.orElseGet(() -> visits.isEmpty() ? null : visits.getLast());
        plan(new Planned(dispatchId, engineerId, known == null ? null : known.customerId(),
                known == null ? null : known.siteId(), known == null ? null : known.accessRules(), null), now);
    }

    /**
     * An appointment moves the open visit of its dispatch, or plans the next trip when the last one ended
     * needing a revisit. The next trip keeps the site's rules and, unless the appointment names another, the engineer.
     * An appointment older than one the dispatch's visits already have (re-driven late) changes nothing.
     */
    void appointed(String dispatchId, String engineerId, Appointment appointment, Instant now) {
        boolean superseded = visits.stream().filter(v -> dispatchId.equals(v.dispatchId()) && v.appointment() != null)
                .anyMatch(v -> v.appointment().revision() >= appointment.revision());
        if (superseded) {
            return;
        }
        Optional<Visit> open = openVisit(dispatchId);
        if (open.isPresent()) {
            open.get().reschedule(appointment);
            return;
        }
        visits.stream().filter(v -> dispatchId.equals(v.dispatchId())).reduce((first, last) -> last)
                .filter(last -> last.completion() != null
                        && last.completion().outcome() == VisitEvents.Outcome.REVISIT_NEEDED)
                .ifPresent(last -> visits.add(new Visit(ChildIds.of(id, 'V', visits.size() + 1),
                        new Planned(dispatchId, engineerId == null ? last.engineerId() : engineerId, last.customerId(),
                                last.siteId(), last.accessRules(), appointment), now)));
    }

    Visit checkIn(String visitId, Instant now) {
        Visit visit = change(visitId, v -> v.checkIn(now));
        raise(VisitEvents.CHECKED_IN, new VisitCheckedIn(id, visitId, visit.dispatchId(), visit.engineerId(), now), now);
        return visit;
    }

    Visit offer(String visitId, OptionsOffered offered) {
        Visit visit = change(visitId, v -> v.offer(offered));
        raise(VisitEvents.DECISION_REQUESTED, new VisitDecisionRequested(id, visitId, visit.dispatchId(),
                visit.engineerId(), offered.options().stream().map(o -> new OfferedOption(o.title(), o.pros(), o.cons()))
                        .toList(), offered.recommended(), offered.offeredAt()), offered.offeredAt());
        return visit;
    }

    Visit decide(String visitId, Decision decision) {
        Visit visit = change(visitId, v -> v.decide(decision));
        raise(VisitEvents.DECISION_RECORDED, new VisitDecisionRecorded(id, visitId, visit.dispatchId(),
                visit.engineerId(), decision.chosen(), decision.decidedBy(), decision.decidedAt()), decision.decidedAt());
        return visit;
    }

    Visit inspect(String visitId, Inspection inspection) {
        Visit visit = change(visitId, v -> v.inspect(inspection));
        raise(VisitEvents.ASSET_INFO_COLLECTED, new AssetInfoCollected(id, visitId, visit.engineerId(),
                visit.customerId(), inspection.items().stream().map(i -> new CollectedAsset(i.assetId(),
                        i.status().name(), i.note(), i.info())).toList(), inspection.inspectedAt()), inspection.inspectedAt());
        return visit;
    }

    Visit complete(String visitId, Completion completion) {
        Visit visit = change(visitId, v -> v.complete(completion));
        raise(VisitEvents.COMPLETED, completed(visit, completion), completion.completedAt());
        return visit;
    }

    private VisitCompleted completed(Visit v, Completion completion) {
        Findings diagnosis = v.diagnosis() == null ? null : new Findings(v.diagnosis().symptomRestated(),
                v.diagnosis().causeExplained(), v.diagnosis().recordedAt());
        CustomerDecision decision = v.options() == null ? null : new CustomerDecision(
                v.options().options().stream().map(o -> new OfferedOption(o.title(), o.pros(), o.cons())).toList(),
                v.options().recommended(), v.decision() == null ? null : v.decision().chosen(),
                v.decision() == null ? null : v.decision().decidedBy(),
                v.decision() == null ? null : v.decision().decidedAt());
        Remedy resolution = v.resolution() == null ? null : new Remedy(v.resolution().solution(),
                v.resolution().emergencyHandling(), v.resolution().maintenanceAdvice(), v.resolution().recordedAt());
        InspectionReport inspection = v.inspection() == null ? null : new InspectionReport(v.inspection().items()
                .stream().map(i -> new InspectedAsset(i.assetId(), i.status().name(), i.note())).toList(),
                v.inspection().inspectedAt());
        ServiceForm form = v.serviceForm();
        return new VisitCompleted(id, v.id(), v.dispatchId(), v.engineerId(), completion.outcome(), form != null,
                completion.cleanupDone(), completion.nextVisitReason(), completion.completedAt(),
                completion.proposedNextVisitAt(), v.customerId(), diagnosis, decision, resolution, inspection,
                form == null ? null : new VisitEvents.Evaluation(form.evaluation().score(), form.evaluation().comment()),
                form == null ? null : form.signerName());
    }

    Visit change(String visitId, Consumer<Visit> step) {
        Visit visit = visit(visitId).orElseThrow();
        step.accept(visit);
        visit.revised();
        return visit;
    }

    /** The answer given to an earlier request under this {@code Idempotency-Key} ({@link Answered#find}). */
    Optional<Answered> answered(IdempotencyKey key) {
        return Answered.find(answered, key);
    }

    /** Keeps the answer with the change it answers (one write); only the newest {@value #KEPT_ANSWERS} are kept. */
    void remember(IdempotencyKey key, int status, String etag, String body, Instant at) {
        Answered.remember(answered, key, status, etag, body, at, KEPT_ANSWERS);
    }

    private Optional<Visit> openVisit(String dispatchId) {
        return visits.stream().filter(v -> dispatchId.equals(v.dispatchId()) && v.status() != VisitStatus.COMPLETED
                && v.status() != VisitStatus.CANCELLED).findFirst();
    }

    public Optional<Visit> visit(String visitId) {
        return visits.stream().filter(v -> v.id().equals(visitId)).findFirst();
    }

    public List<Visit> visits() {
        return List.copyOf(visits);
    }
}
