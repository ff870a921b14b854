package io.yunwei.field.visit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.data.mongodb.core.mapping.Document;

import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.outbox.OutboxDocument;
import io.yunwei.field.visit.Visit.Completion;
import io.yunwei.field.visit.VisitEvents.VisitCheckedIn;
import io.yunwei.field.visit.VisitEvents.VisitCompleted;

/** All visits made for one ticket, in order. */
@Document("ticket_visits")
public class TicketVisits extends OutboxDocument {

    private List<Visit> visits = new ArrayList<>();

    protected TicketVisits() {
    }

    TicketVisits(String ticketId) {
        super(ticketId);
    }

    /** Plans the trip for a new dispatch; a dispatch never gets two visits planned. */
    void plan(String dispatchId, String engineerId, Instant now) {
        if (visits.stream().noneMatch(v -> dispatchId.equals(v.dispatchId()) && v.status() != Visit.VisitStatus.COMPLETED)) {
            visits.add(new Visit(ChildIds.of(id, 'V', visits.size() + 1), dispatchId, engineerId, now));
        }
    }

    Visit checkIn(String visitId, Instant now) {
        Visit visit = change(visitId, v -> v.checkIn(now));
        raise(VisitEvents.CHECKED_IN, new VisitCheckedIn(id, visitId, visit.dispatchId(), visit.engineerId(), now), now);
        return visit;
    }

    Visit complete(String visitId, Completion completion) {
        Visit visit = change(visitId, v -> v.complete(completion));
        raise(VisitEvents.COMPLETED, new VisitCompleted(id, visitId, visit.dispatchId(), visit.engineerId(),
                completion.outcome(), visit.serviceForm() != null, completion.cleanupDone(),
                completion.nextVisitReason(), completion.completedAt()), completion.completedAt());
        return visit;
    }

    Visit change(String visitId, Consumer<Visit> step) {
        Visit visit = visit(visitId).orElseThrow();
        step.accept(visit);
        return visit;
    }

    public Optional<Visit> visit(String visitId) {
        return visits.stream().filter(v -> v.id().equals(visitId)).findFirst();
    }

    public List<Visit> visits() {
        return List.copyOf(visits);
    }
}
