package io.yunwei.field.visit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.IfMatch;
import io.yunwei.field.evidence.EvidenceFiles.CheckedFile;
import io.yunwei.field.evidence.EvidenceFiles.StoredFile;
import io.yunwei.field.evidence.EvidenceFiles;
import io.yunwei.chassis.idempotency.Answered;
import io.yunwei.chassis.idempotency.IdempotencyKey;
import io.yunwei.field.visit.Visit.Appointment;
import io.yunwei.field.visit.Visit.Evidence;
import io.yunwei.field.visit.Visit.Planned;
import io.yunwei.field.visit.Visit.SiteAccessRules;
import io.yunwei.field.visit.Visit.StoredEvidence;
import io.yunwei.field.visit.Visit.VisitStatus;
import tools.jackson.databind.json.JsonMapper;

/** Plans visits as dispatches and appointments are made, and records each step an engineer takes on site. */
@Service
class VisitService {

    private final DocumentStore store;
    private final MongoTemplate mongo;
    private final EvidenceFiles files;
    private final Clock clock;
    private final JsonMapper json;

    VisitService(DocumentStore store, MongoTemplate mongo, EvidenceFiles files, Clock clock, JsonMapper json) {
        this.store = store;
        this.mongo = mongo;
        this.files = files;
        this.clock = clock;
        this.json = json;
    }

    void dispatched(InboundEvent event) {
        Dispatched dispatch = event.data(Dispatched.class);
        Planned planned = new Planned(dispatch.dispatchId(), dispatch.engineerId(), dispatch.customerId(),
                dispatch.siteId(), dispatch.accessRules(), null);
        store.apply(TicketVisits.class, event, () -> new TicketVisits(event.subject()),
                visits -> visits.plan(planned, clock.instant()));
    }

    void reassigned(InboundEvent event) {
        Reassigned reassigned = event.data(Reassigned.class);
        store.apply(TicketVisits.class, event, () -> new TicketVisits(event.subject()),
                visits -> visits.reassigned(reassigned.previousDispatchId(), reassigned.dispatchId(),
                        reassigned.engineerId(), clock.instant()));
    }

    void appointed(InboundEvent event) {
        Appointed appointment = event.data(Appointed.class);
        if (appointment.dispatchId() == null) {
            return;
        }
        store.apply(TicketVisits.class, event, () -> new TicketVisits(event.subject()),
                visits -> visits.appointed(appointment.dispatchId(), appointment.engineerId(),
                        new Appointment(appointment.windowStart(), appointment.windowEnd(),
                                appointment.revision() == null ? 1 : appointment.revision()), clock.instant()));
    }

    /**
     * Runs one step on a visit the actor may work on; anyone else is told it does not exist. With an
     * {@code Idempotency-Key}, the answer is kept in the same write as the change, and a retry gets it again
     * instead of a second change. With {@code If-Match}, the step runs only on the visit as the caller read it.
     */
    Answer step(String visitId, Actor actor, IdempotencyKey key, String ifMatch, HttpStatus status,
            BiFunction<TicketVisits, Visit, Visit> step) {
        String ticketId = ticketOf(visitId);
        if (key != null) {
            // a plain retry is answered from a read, without writing
            Optional<Answer> earlier = store.find(TicketVisits.class, ticketId)
                    .filter(visits -> visits.visit(visitId).filter(v -> mayWork(v, actor)).isPresent())
                    .flatMap(visits -> visits.answered(key)).map(this::replay);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        return store.update(TicketVisits.class, ticketId, null, visits -> {
            Visit visit = visits.visit(visitId).filter(v -> mayWork(v, actor))
                    .orElseThrow(() -> new DocumentNotFoundException(Visit.class, visitId));
            Optional<Answered> earlier = visits.answered(key);
            if (earlier.isPresent()) {
                return replay(earlier.get());
            }
            IfMatch.of(ifMatch).check(visit.revision(), "visit");
            Visit changed = step.apply(visits, visit);
            Answer answer = new Answer(status.value(), etag(changed), VisitView.of(ticketId, changed), false);
            visits.remember(key, answer.status(), answer.etag(), json.writeValueAsString(answer.view()), clock.instant());
            return answer;
        });
    }

    private Answer replay(Answered earlier) {
        return new Answer(earlier.status(), earlier.etag(), json.readValue(earlier.body(), VisitView.class), true);
    }

    static String etag(Visit visit) {
        return IfMatch.etag(visit.revision());
    }

    /**
     * Stores the file only when the visit would accept it, then records it; a file whose recording is refused
     * after all (the visit changed in between) is removed again. The same file sent twice (a retried upload) is
     * kept once, and a retry under the same {@code Idempotency-Key} gets the first answer without a file stored.
     */
    Answer attach(String visitId, Actor actor, IdempotencyKey key, String filename, String caption, byte[] content) {
        TicketVisits all = store.find(TicketVisits.class, ticketOf(visitId))
                .orElseThrow(() -> new DocumentNotFoundException(Visit.class, visitId));
        Visit current = all.visit(visitId).filter(v -> mayWork(v, actor))
                .orElseThrow(() -> new DocumentNotFoundException(Visit.class, visitId));
        Optional<Answered> earlier = all.answered(key);
        if (earlier.isPresent()) {
            return replay(earlier.get());
        }
        current.requireEvidenceAllowed();
        CheckedFile checked = files.check(content);
        StoredFile file = current.evidence().stream().anyMatch(e -> e.sha256().equals(checked.sha256())) ? null
                : files.store(visitId, filename, checked);
        boolean[] recorded = {false};
        try {
            Answer answer = step(visitId, actor, key, null, HttpStatus.CREATED, (visits, visit) -> {
                recorded[0] = false;
                if (file == null || visit.evidence().stream().anyMatch(e -> e.sha256().equals(checked.sha256()))) {
                    return visit;
                }
                recorded[0] = true;
                StoredEvidence stored = new StoredEvidence(file.fileId(), filename, file.contentType(), file.size(),
                        file.sha256(), caption);
                return visits.change(visit.id(), v -> v.attach(stored, clock.instant()));
            });
            if (file != null && !recorded[0]) {
                files.delete(file.fileId());
            }
            return answer;
        } catch (RuntimeException refused) {
            if (file != null) {
                files.delete(file.fileId());
            }
            throw refused;
        }
    }

    EvidenceDownload download(String visitId, String evidenceId, Actor actor) {
        Visit visit = seen(visitId, actor);
        Evidence evidence = visit.evidence(evidenceId)
                .orElseThrow(() -> new DocumentNotFoundException(Evidence.class, evidenceId));
        byte[] content = files.read(evidence.fileId())
                .orElseThrow(() -> new DocumentNotFoundException(Evidence.class, evidenceId));
        return new EvidenceDownload(evidence, content);
    }

    Answer visible(String visitId, Actor actor) {
        Visit visit = seen(visitId, actor);
        return new Answer(HttpStatus.OK.value(), etag(visit), VisitView.of(ticketOf(visitId), visit), false);
    }

    Visit seen(String visitId, Actor actor) {
        return store.find(TicketVisits.class, ticketOf(visitId)).flatMap(v -> v.visit(visitId))
                .filter(v -> maySee(v, actor))
                .orElseThrow(() -> new DocumentNotFoundException(Visit.class, visitId));
    }

    List<VisitView> list(String engineerId, VisitStatus status, Actor actor, int limit) {
        String engineer = actor.hasRole("ENGINEER") ? actor.engineerId() : engineerId;
        Query filter = ChildIds.withItem("visits", "engineerId", engineer, "status",
                status == null ? null : status.name());
        List<VisitView> views = new ArrayList<>();
        for (TicketVisits visits : mongo.find(filter.limit(limit), TicketVisits.class)) {
            visits.visits().stream()
                    .filter(v -> engineer == null || v.engineerId().equals(engineer))
                    .filter(v -> status == null || v.status() == status)
                    .forEach(v -> views.add(VisitView.of(visits.id(), v)));
        }
        return views;
    }

    private static boolean mayWork(Visit visit, Actor actor) {
        return !actor.hasRole("ENGINEER") || visit.engineerId().equals(actor.engineerId());
    }

    /** Engineers see their own visits, customers the visits to their own organisation, the desk every visit. */
    private static boolean maySee(Visit visit, Actor actor) {
        if (actor.hasRole("ENGINEER")) {
            return visit.engineerId().equals(actor.engineerId());
        }
        if (actor.hasRole("CUSTOMER")) {
            return visit.customerId() != null && visit.customerId().equals(actor.customerId());
        }
        return true;
    }

    private static String ticketOf(String visitId) {
        return ChildIds.parentOf(visitId, 'V', Visit.class);
    }

    record EvidenceDownload(Evidence evidence, byte[] content) {
    }

    /** What a step answers: its status, the visit's {@code ETag} and the visit; {@code replayed} for a retry. */
    record Answer(int status, String etag, VisitView view, boolean replayed) {
    }

    /** The part of {@code dispatch.assigned.v1} field reads; the site's access rules are optional. */
    record Dispatched(String dispatchId, String engineerId, String customerId, String siteId,
            SiteAccessRules accessRules) {
    }

    /** The part of {@code dispatch.reassigned.v1} field reads. */
    record Reassigned(String dispatchId, String engineerId, String previousDispatchId) {
    }

    /** The part of {@code appointment.booked.v1} / {@code appointment.rescheduled.v1} field reads. */
    record Appointed(String dispatchId, String engineerId, Instant windowStart, Instant windowEnd, Integer revision) {
    }
}
