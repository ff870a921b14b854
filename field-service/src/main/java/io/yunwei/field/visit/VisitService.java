package io.yunwei.field.visit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.security.Actor;
import io.yunwei.field.visit.Visit.VisitStatus;

/** Plans visits as dispatches are made and records each step an engineer takes on site. */
@Service
class VisitService {

    private final DocumentStore store;
    private final MongoTemplate mongo;
    private final Clock clock;

    VisitService(DocumentStore store, MongoTemplate mongo, Clock clock) {
        this.store = store;
        this.mongo = mongo;
        this.clock = clock;
    }

    void dispatched(InboundEvent event) {
        Dispatched dispatch = event.data(Dispatched.class);
        store.apply(TicketVisits.class, event, () -> new TicketVisits(event.subject()),
                visits -> visits.plan(dispatch.dispatchId(), dispatch.engineerId(), clock.instant()));
    }

    /** Runs one step on a visit the actor may work on; anyone else is told it does not exist. */
    VisitView step(String visitId, Actor actor, BiFunction<TicketVisits, Visit, Visit> step) {
        String ticketId = ticketOf(visitId);
        return store.update(TicketVisits.class, ticketId, null, visits -> {
            Visit visit = visits.visit(visitId).filter(v -> mayWork(v, actor))
                    .orElseThrow(() -> new DocumentNotFoundException(Visit.class, visitId));
            return VisitView.of(ticketId, step.apply(visits, visit));
        });
    }

    VisitView visible(String visitId, Actor actor) {
        String ticketId = ticketOf(visitId);
        return store.find(TicketVisits.class, ticketId).flatMap(v -> v.visit(visitId))
                .filter(v -> mayWork(v, actor)).map(v -> VisitView.of(ticketId, v))
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

    private static String ticketOf(String visitId) {
        return ChildIds.parentOf(visitId, 'V', Visit.class);
    }

    /** The part of {@code dispatch.assigned.v1} field reads. */
    record Dispatched(String dispatchId, String engineerId) {
    }
}
