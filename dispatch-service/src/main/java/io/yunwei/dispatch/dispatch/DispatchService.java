package io.yunwei.dispatch.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.security.Actor;
import io.yunwei.dispatch.dispatch.Explanation.Candidate;
import io.yunwei.dispatch.dispatch.TicketDispatch.Dispatch;
import io.yunwei.dispatch.dispatch.TicketDispatch.DispatchStatus;
import io.yunwei.dispatch.engineer.Engineer;
import io.yunwei.dispatch.engineer.EngineerRoster;

/** Assigns tickets to engineers as they open, takes acceptances, and frees capacity when the work is done. */
@Service
class DispatchService {

    private final DocumentStore store;
    private final MongoTemplate mongo;
    private final EngineerRoster roster;
    private final Matchmaker matchmaker;
    private final Clock clock;
    private final MeterRegistry meters;

    DispatchService(DocumentStore store, MongoTemplate mongo, EngineerRoster roster, Matchmaker matchmaker, Clock clock,
            MeterRegistry meters) {
        this.store = store;
        this.mongo = mongo;
        this.roster = roster;
        this.matchmaker = matchmaker;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Finds an engineer for a ticket that opened or reopened. Capacity is taken before the dispatch is stored;
     * if the store has to retry and picks someone else, the capacity taken in the abandoned attempt goes back.
     */
    void assign(InboundEvent event) {
        TicketNeedsEngineer ticket = event.data(TicketNeedsEngineer.class);
        List<Reservation> taken = new ArrayList<>();
        AtomicReference<Reservation> kept = new AtomicReference<>();
        store.apply(TicketDispatch.class, event, () -> new TicketDispatch(event.subject()), file -> {
            kept.set(null);
            file.ticketNeedsEngineer(ticket.customerId(), ticket.siteId(), ticket.areaCode(), ticket.assetCategories(),
                    ticket.priority(), ticket.cycle() == null ? 1 : ticket.cycle());
            String previous = ticket.previousEngineerId() != null ? ticket.previousEngineerId()
                    : file.lastEngineer().orElse(null);
            List<Engineer> engineers = roster.all();
            List<Candidate> ranked = matchmaker.rank(engineers, ticket.areaCode(), file.assetCategories(), previous);
            Instant now = clock.instant();
            String dispatchId = file.nextDispatchId();
            for (Candidate candidate : ranked.stream().filter(Candidate::eligible).toList()) {
                Engineer engineer = engineers.stream().filter(e -> e.id().equals(candidate.engineerId())).findFirst().orElseThrow();
                if (roster.reserve(engineer, dispatchId)) {
                    Reservation reservation = new Reservation(engineer.id(), dispatchId);
                    taken.add(reservation);
                    kept.set(reservation);
                    file.assign(engineer.id(), engineer.name(),
                            new Explanation(ranked, engineer.id(), reason(candidate, ranked)), now);
                    return;
                }
            }
            file.escalate(ranked.isEmpty() ? "no engineers on the roster"
                    : "no eligible engineer with free capacity: " + ranked.stream()
                            .map(c -> c.engineerId() + " " + (c.eligible() ? "became full" : String.join(", ", c.ruledOutBecause())))
                            .toList(), now);
        });
        taken.stream().filter(r -> !r.equals(kept.get())).forEach(r -> roster.release(r.engineerId(), r.dispatchId()));
        meters.counter("yunwei.dispatch.decisions", "outcome", kept.get() == null ? "escalated" : "assigned").increment();
    }

    private static String reason(Candidate chosen, List<Candidate> ranked) {
        long eligible = ranked.stream().filter(Candidate::eligible).count();
        return "highest score %.1f of %d eligible (free capacity %.1f, skill %.1f, continuity %.1f)".formatted(
                chosen.score().total(), eligible, chosen.score().freeCapacity(), chosen.score().skill(),
                chosen.score().continuity());
    }

    /** The visit is over: the dispatch is done and its engineer's capacity comes back (unless a revisit follows). */
    void visitCompleted(InboundEvent event) {
        VisitCompleted visit = event.data(VisitCompleted.class);
        AtomicReference<Dispatch> finished = new AtomicReference<>();
        store.apply(TicketDispatch.class, event, null, file -> {
            finished.set(null);
            if (!"REVISIT_NEEDED".equals(visit.outcome()) && visit.dispatchId() != null) {
                file.finish(visit.dispatchId(), clock.instant()).ifPresent(finished::set);
            }
        });
        if (finished.get() != null) {
            roster.release(finished.get().engineerId(), finished.get().id());
        }
    }

    DispatchView accept(String dispatchId, Actor actor) {
        String ticketId = ticketOf(dispatchId);
        return store.update(TicketDispatch.class, ticketId, null, file -> {
            Dispatch dispatch = file.dispatch(dispatchId).filter(d -> mayWork(d, actor))
                    .orElseThrow(() -> new DocumentNotFoundException(Dispatch.class, dispatchId));
            return DispatchView.of(ticketId, file.accept(dispatch.id(), clock.instant()));
        });
    }

    DispatchView visible(String dispatchId, Actor actor) {
        String ticketId = ticketOf(dispatchId);
        return store.find(TicketDispatch.class, ticketId).flatMap(file -> file.dispatch(dispatchId))
                .filter(d -> mayWork(d, actor) || !actor.hasRole("ENGINEER")).map(d -> DispatchView.of(ticketId, d))
                .orElseThrow(() -> new DocumentNotFoundException(Dispatch.class, dispatchId));
    }

    List<DispatchView> list(String engineerId, DispatchStatus status, Actor actor, int limit) {
        String engineer = actor.hasRole("ENGINEER") ? actor.engineerId() : engineerId;
        Query filter = ChildIds.withItem("dispatches", "engineerId", engineer, "status",
                status == null ? null : status.name());
        List<DispatchView> views = new ArrayList<>();
        for (TicketDispatch file : mongo.find(filter.limit(limit), TicketDispatch.class)) {
            file.dispatches().stream()
                    .filter(d -> engineer == null || d.engineerId().equals(engineer))
                    .filter(d -> status == null || d.status() == status)
                    .forEach(d -> views.add(DispatchView.of(file.id(), d)));
        }
        return views;
    }

    private static boolean mayWork(Dispatch dispatch, Actor actor) {
        return !actor.hasRole("ENGINEER") || dispatch.engineerId().equals(actor.engineerId());
    }

    static String ticketOf(String dispatchId) {
        return ChildIds.parentOf(dispatchId, 'D', Dispatch.class);
    }

    Optional<TicketDispatch> file(String ticketId) {
        return store.find(TicketDispatch.class, ticketId);
    }

    private record Reservation(String engineerId, String dispatchId) {
    }

    /** The part of {@code ticket.opened.v1} / {@code ticket.reopened.v1} dispatch reads. */
    record TicketNeedsEngineer(String customerId, String siteId, String areaCode, List<String> assetCategories,
            String priority, Integer cycle, String previousEngineerId) {
    }

    /** The part of {@code visit.completed.v1} dispatch reads. */
    record VisitCompleted(String dispatchId, String outcome) {
    }
}
