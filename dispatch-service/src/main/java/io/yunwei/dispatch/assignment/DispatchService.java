package io.yunwei.dispatch.assignment;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;


import org.springframework.stereotype.Service;

import io.yunwei.chassis.courtesy.CourtesyChecker;
import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.idempotency.Answered;
import io.yunwei.chassis.idempotency.IdempotencyKey;
import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.outbox.OutboxDocument;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.RuleViolation;
import io.yunwei.dispatch.assignment.Explanation.Candidate;
import io.yunwei.dispatch.assignment.Matchmaker.Need;
import io.yunwei.dispatch.assignment.TicketDispatch.Appointment;
import io.yunwei.dispatch.assignment.TicketDispatch.Dispatch;
import io.yunwei.dispatch.assignment.TicketDispatch.DispatchStatus;
import io.yunwei.dispatch.assignment.TicketDispatch.Replacement;
import io.yunwei.dispatch.engineer.Engineer;
import io.yunwei.dispatch.engineer.EngineerRoster;
import io.yunwei.dispatch.planner.PlanRequests;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assigns tickets as they open, takes acceptances and refusals, moves a refused or unanswered ticket on to the
 * next candidate (or to a dispatcher after too many refusals), books appointments, and frees capacity when the
 * work is done.
 *
 * <p>Capacity is reserved before the ticket's document is saved, with a token unique to each attempt. When the
 * store has to retry, or the change is refused, the tokens the saved document does not hold are given back, so a
 * lost race never leaves capacity taken and a won race never has its capacity given back by someone else.
 */
@Service
class DispatchService {

    private final DocumentStore store;
    private static final String REACHED = "REACHED";

    private final EngineerRoster roster;
    private final Matchmaker matchmaker;
    private final DispatchProperties properties;
    private final Clock clock;
    private final CourtesyChecker courtesy;
    private final DispatchTimings timings;
    private final PlanRequests planRequests;
    private final JsonMapper json;

    DispatchService(DocumentStore store, EngineerRoster roster, Matchmaker matchmaker,
            DispatchProperties properties, Clock clock, CourtesyChecker courtesy,
            DispatchTimings timings, PlanRequests planRequests, JsonMapper json) {
        this.planRequests = planRequests;
        this.json = json;
        this.store = store;
        this.roster = roster;
        this.matchmaker = matchmaker;
        this.properties = properties;
        this.clock = clock;
        this.courtesy = courtesy;
        this.timings = timings;
    }

    /** Finds an engineer for a ticket that opened or reopened. */
    void assign(InboundEvent event) {
        InboundEvents.TicketNeedsEngineer ticket = event.data(InboundEvents.TicketNeedsEngineer.class);
        Reservations reservations = new Reservations(event.subject());
        try {
            store.apply(TicketDispatch.class, event, () -> new TicketDispatch(event.subject()), file -> {
                reservations.outcome = null;
                if (file.ticketNeedsEngineer(ticket.customerId(), ticket.siteId(), ticket.areaCode(),
                        ticket.assetCategories(), ticket.priority(), ticket.sla() == null ? null : ticket.sla().arrivalDue(),
                        ticket.cycle() == null ? 1 : ticket.cycle(), ticket.previousEngineerId(),
                        ticket.accessRules(), ticket.siteLocation())) {
                    place(file, null, reservations, clock.instant());
                }
            });
        } finally {
            reservations.settle();
        }
        if ("assigned".equals(reservations.outcome)) {
            timings.record(DispatchTimings.Stage.ASSIGN, ticket.priority(), event.time(), clock.instant());
        }
    }

    /**
     * Gives the ticket to the best eligible engineer who still has room, or escalates it when nobody can take it or
     * it has been refused too often.
     */
    private void place(TicketDispatch file, Replacement replaced, Reservations reservations, Instant now) {
        if (replaced != null && file.failures() >= properties.maxFailures()) {
            file.escalate("refused %d times (declined or not accepted in time); a dispatcher must assign it"
                    .formatted(file.failures()), now);
            reservations.outcome = "escalated";
            return;
        }
        Need need = new Need(file.areaCode(), file.assetCategories(), file.arrivalDue(), file.previousEngineerId());
        List<Candidate> ranked = List.of();
        // a second look at the roster: someone else's abandoned attempt may have held the last free slot a moment ago
        for (int look = 0; look < 2; look++) {
            List<Engineer> engineers = roster.all();
            ranked = new ArrayList<>(matchmaker.rank(engineers, need, file.triedThisCycle(), now, today(now)));
            if (ranked.stream().noneMatch(Candidate::eligible)) {
                break;
            }
            if (tryEach(file, engineers, ranked, replaced, reservations, now)) {
                return;
            }
        }
        file.escalate(ranked.isEmpty() ? "no engineer covers area " + file.areaCode()
                : "no eligible engineer with free capacity: " + ranked.stream()
                        .map(c -> c.engineerId() + " " + (c.eligible() ? "became full" : String.join(", ", c.ruledOutBecause())))
                        .toList(), now);
        reservations.outcome = "escalated";
        // the planner places it once someone can take it; asking twice when a save is retried costs one more look
        reservations.replan = file.areaCode();
    }

    private boolean tryEach(TicketDispatch file, List<Engineer> engineers, List<Candidate> ranked, Replacement replaced,
            Reservations reservations, Instant now) {
        String dispatchId = file.nextDispatchId();
        for (int i = 0; i < ranked.size() && ranked.get(i).eligible(); i++) {
            Candidate candidate = ranked.get(i);
            Engineer engineer = engineers.stream().filter(e -> e.id().equals(candidate.engineerId())).findFirst().orElseThrow();
            String token = reservations.token(dispatchId);
            if (roster.reserve(engineer, token)) {
                reservations.taken(engineer.id(), token);
                Explanation explanation = new Explanation(ranked, null, null, Matchmaker.notCovering(engineers, file.areaCode()))
                        .choosing(engineer.id(), reason(candidate, ranked));
                file.assign(engineer.id(), engineer.name(), token, explanation, now,
                        now.plus(properties.windowFor(file.priority())), replaced);
                reservations.outcome = replaced == null ? "assigned" : "reassigned";
                return true;
            }
            ranked.set(i, candidate.lost("became full before it could be reserved"));
        }
        return false;
    }

    private static String reason(Candidate chosen, List<Candidate> ranked) {
        long eligible = ranked.stream().filter(Candidate::eligible).count();
        return ("highest score %.1f of %d eligible (free capacity %.1f, skill %.1f, fairness %.1f, urgency %.1f, "
                + "continuity %.1f, proximity %.1f)").formatted(chosen.score().total(), eligible,
                        chosen.score().freeCapacity(), chosen.score().skill(), chosen.score().fairness(),
                        chosen.score().urgency(), chosen.score().continuity(), chosen.score().proximity());
    }

    /** The visit is over: the dispatch is done and its engineer's capacity comes back (unless a revisit follows). */
    void visitCompleted(InboundEvent event) {
        InboundEvents.VisitCompleted visit = event.data(InboundEvents.VisitCompleted.class);
        List<Dispatch> finished = new ArrayList<>();
        store.apply(TicketDispatch.class, event, null, file -> {
            finished.clear();
            if (visit.dispatchId() != null) {
                file.visitEnded(visit.dispatchId());
            }
            if (!"REVISIT_NEEDED".equals(visit.outcome()) && visit.dispatchId() != null) {
                file.finish(visit.dispatchId(), clock.instant()).ifPresent(finished::add);
            }
        });
        finished.forEach(this::release);
    }

    /**
     * The ticket was cancelled: whoever carries it gets the capacity back. Remembered even before any dispatch, so an
     * opening re-driven after the cancellation assigns nobody.
     */
    void cancelled(InboundEvent event) {
        List<Dispatch> ended = new ArrayList<>();
        store.apply(TicketDispatch.class, event, () -> new TicketDispatch(event.subject()), file -> {
            ended.clear();
            ended.addAll(file.cancel(clock.instant()));
        });
        ended.forEach(this::release);
    }

    /**
     * A late acceptance still counts until the sweeper has moved the ticket on; after that the dispatch is
     * {@code EXPIRED} and accepting it is an illegal transition.
     */
    DispatchView accept(String dispatchId, Actor actor) {
        Holder<String> priority = new Holder<>();
        DispatchView accepted = change(dispatchId, actor, null, 200, (file, dispatch) -> {
            priority.value = file.priority();
            return file.accept(dispatch.id(), clock.instant());
        }).view();
        timings.record(DispatchTimings.Stage.ACCEPT, priority.value, accepted.assignedAt(), accepted.acceptedAt());
        return accepted;
    }

    /**
     * The engineer is on site: the file remembers since when (the planner counts the visit as work in hand and
     * notices when it runs past its planned end), and the interval since the dispatch's assignment is recorded,
     * once per check-in event.
     */
    void visitCheckedIn(InboundEvent event) {
        InboundEvents.VisitCheckedIn visit = event.data(InboundEvents.VisitCheckedIn.class);
        if (visit.dispatchId() == null || store.find(TicketDispatch.class, event.subject()).isEmpty()) {
            return;
        }
        Instant at = visit.checkedInAt() != null ? visit.checkedInAt() : event.time();
        Holder<Dispatch> arrived = new Holder<>();
        Holder<String> priority = new Holder<>();
        OutboxDocument.Position position = store.apply(TicketDispatch.class, event, null, file -> {
            file.checkedIn(visit.dispatchId(), at);
            arrived.value = file.dispatch(visit.dispatchId()).orElse(null);
            priority.value = file.priority();
        });
        if (position != OutboxDocument.Position.DUPLICATE && arrived.value != null) {
            timings.record(DispatchTimings.Stage.ARRIVAL, priority.value, arrived.value.assignedAt(), at);
        }
    }

    /** The engineer refuses; the ticket goes to the next candidate, or to a dispatcher after too many refusals. */
    DispatchView decline(String dispatchId, String reason, Actor actor) {
        String ticketId = ticketOf(dispatchId);
        Reservations reservations = new Reservations(ticketId);
        Holder<Dispatch> declined = new Holder<>();
        DispatchView view;
        try {
            view = store.update(TicketDispatch.class, ticketId, null, file -> {
                reservations.outcome = null;
                Dispatch dispatch = file.dispatch(dispatchId).filter(d -> mayWork(d, actor))
                        .orElseThrow(() -> new DocumentNotFoundException(Dispatch.class, dispatchId));
                Instant now = clock.instant();
                declined.value = file.decline(dispatch.id(), reason, now);
                place(file, new Replacement(declined.value, "DECLINED", reason, actor.subject()), reservations, now);
                return DispatchView.of(ticketId, declined.value);
            });
        } finally {
            reservations.settle();
        }
        release(declined.value);
        return view;
    }

    /**
     * Ends the ticket's dispatches whose acceptance window has passed and moves the ticket on. Safe to run on every
     * instance at once: the save is conditional on the version read, so only one of them acts on a given window.
     */
    void expireOverdue(String ticketId) {
        Reservations reservations = new Reservations(ticketId);
        List<Dispatch> expired = new ArrayList<>();
        try {
            store.update(TicketDispatch.class, ticketId, null, file -> {
                reservations.outcome = null;
                expired.clear();
                Instant now = clock.instant();
                for (Dispatch dispatch : file.dispatches()) {
                    file.expire(dispatch.id(), now).ifPresent(ended -> {
                        expired.add(ended);
                        place(file, new Replacement(ended, "ACCEPTANCE_EXPIRED",
                                "not accepted within the " + file.priority() + " acceptance window", "system"),
                                reservations, now);
                    });
                }
                return null;
            });
        } finally {
            reservations.settle();
        }
        expired.forEach(this::release);
    }

    /**
     * A dispatcher moves the ticket to a named engineer, with a reason. The engineer's capacity is still respected;
     * area and skill are the dispatcher's call, and the explanation says when they overrode them.
     */
    Answer reassign(String ticketId, String dispatchId, String engineerId, String reason, Actor actor,
            IdempotencyKey key) {
        Optional<Answer> replayed = earlier(ticketId, key);
        if (replayed.isPresent()) {
            return replayed.get();
        }
        Engineer target = roster.engineer(engineerId).orElseThrow(() -> new RuleViolation("UNKNOWN_ENGINEER",
                "There is no engineer " + engineerId + "."));
        Reservations reservations = new Reservations(ticketId);
        Holder<Dispatch> withdrawn = new Holder<>();
        Answer answer;
        try {
            answer = store.update(TicketDispatch.class, ticketId, null, file -> {
                reservations.outcome = null;
                withdrawn.value = null;
                Optional<Answered> earlier = file.answered(key);
                if (earlier.isPresent()) {
                    return replay(earlier.get());
                }
                Instant now = clock.instant();
                Replacement replaced = null;
                if (dispatchId != null) {
                    Dispatch current = file.dispatch(dispatchId)
                            .orElseThrow(() -> new DocumentNotFoundException(Dispatch.class, dispatchId));
                    if (current.engineerId().equals(engineerId) && current.status().holdsCapacity()) {
                        throw new RuleViolation("SAME_ENGINEER", "Dispatch " + dispatchId
                                + " is already with " + engineerId + ".");
                    }
                    Dispatch ended = file.withdraw(dispatchId, reason, now);
                    withdrawn.value = ended.status() == DispatchStatus.REASSIGNED ? ended : null;
                    replaced = new Replacement(ended, "DISPATCHER", reason, actor.subject());
                } else if (!file.escalated()) {
                    throw new RuleViolation("NOT_ESCALATED", "Ticket " + ticketId
                            + " is not waiting for a dispatcher; reassign its current dispatch instead.");
                }
                // ranked before the reservation, so the explanation shows the load the dispatcher decided on
                List<Engineer> engineers = roster.all();
                List<Candidate> ranked = matchmaker.rank(engineers, new Need(file.areaCode(), file.assetCategories(),
                        file.arrivalDue(), file.previousEngineerId()), Set.of(), now, today(now));
                String newId = file.nextDispatchId();
                String token = reservations.token(newId);
                if (!roster.reserve(target, token)) {
                    throw new RuleViolation("ENGINEER_AT_CAPACITY", "Engineer " + engineerId
                            + " is unavailable or carries " + target.load() + " of " + target.capacity()
                            + " dispatches.").with("active", target.load()).with("capacity", target.capacity());
                }
                reservations.taken(engineerId, token);
                String overrides = ranked.stream().filter(c -> c.engineerId().equals(engineerId)).findFirst()
                        .filter(c -> !c.eligible()).map(c -> " (overriding: " + String.join(", ", c.ruledOutBecause()) + ")")
                        .orElse(target.covers(file.areaCode()) ? "" : " (overriding: does not cover area " + file.areaCode() + ")");
                Explanation explanation = new Explanation(ranked, null, null, Matchmaker.notCovering(engineers, file.areaCode()))
                        .choosing(engineerId, "chosen by dispatcher " + actor.subject() + ": " + reason + overrides);
                Dispatch assigned = file.assign(engineerId, target.name(), token, explanation, now,
                        now.plus(properties.windowFor(file.priority())), replaced);
                reservations.outcome = "reassigned";
                return answered(file, key, 201, DispatchView.of(ticketId, assigned), now);
            });
        } finally {
            reservations.settle();
        }
        if (withdrawn.value != null) {
            release(withdrawn.value);
        }
        return answer;
    }

    Answer attemptContact(String dispatchId, Instant at, String outcome, String note, Actor actor,
            IdempotencyKey key) {
        Holder<String> firstReachedOf = new Holder<>();
        Answer answer = change(dispatchId, actor, key, 201, (file, dispatch) -> {
            firstReachedOf.value = null;
            boolean reachedBefore = dispatch.contactAttempts().stream().anyMatch(a -> REACHED.equals(a.outcome()));
            file.attemptContact(dispatch.id(), at, outcome, note, clock.instant());
            if (REACHED.equals(outcome) && !reachedBefore) {
                firstReachedOf.value = file.priority();
            }
            return file.dispatch(dispatch.id()).orElseThrow();
        });
        if (firstReachedOf.value != null) {
            timings.record(DispatchTimings.Stage.FIRST_CONTACT, firstReachedOf.value, answer.view().assignedAt(), at);
        }
        return answer;
    }

    /**
     * The pre-notice is what the customer reads, so it is courtesy-checked before anything is booked. A retry under
     * the booking's {@code Idempotency-Key} gets the first answer and books nothing again (no reschedule).
     */
    Answer book(String dispatchId, Appointment appointment, Actor actor, IdempotencyKey key) {
        courtesy.requireCourteous("preNotice", appointment.preNotice(), null);
        return change(dispatchId, actor, key, 200,
                (file, dispatch) -> file.book(dispatch.id(), appointment, clock.instant()));
    }

    /**
     * A step on one dispatch the actor may work on. With an {@code Idempotency-Key}, its answer is kept in the same
     * write as the change, and a retry gets it again instead of a second change.
     */
    private Answer change(String dispatchId, Actor actor, IdempotencyKey key, int status,
            BiFunction<TicketDispatch, Dispatch, Dispatch> step) {
        String ticketId = ticketOf(dispatchId);
        Optional<Answer> replayed = earlier(ticketId, key);
        if (replayed.isPresent()) {
            return replayed.get();
        }
        return store.update(TicketDispatch.class, ticketId, null, file -> {
            Dispatch dispatch = file.dispatch(dispatchId).filter(d -> mayWork(d, actor))
                    .orElseThrow(() -> new DocumentNotFoundException(Dispatch.class, dispatchId));
            Optional<Answered> earlier = file.answered(key);
            if (earlier.isPresent()) {
                return replay(earlier.get());
            }
            return answered(file, key, status, DispatchView.of(ticketId, step.apply(file, dispatch)), clock.instant());
        });
    }

    /** A plain retry is answered from a read, without writing. */
    private Optional<Answer> earlier(String ticketId, IdempotencyKey key) {
        if (key == null) {
            return Optional.empty();
        }
        return store.find(TicketDispatch.class, ticketId).flatMap(file -> file.answered(key)).map(this::replay);
    }

    private Answer answered(TicketDispatch file, IdempotencyKey key, int status, DispatchView view, Instant now) {
        file.remember(key, status, json.writeValueAsString(view), now);
        return new Answer(status, view, false);
    }

    private Answer replay(Answered answered) {
        return new Answer(answered.status(), json.readValue(answered.body(), DispatchView.class), true);
    }

    /** A dispatch as a step answered it, and whether this answers a retry with the first answer. */
    record Answer(int status, DispatchView view, boolean replayed) {
    }

    /** The capacity comes back, and the engineer's areas are worth a new plan: someone there may be waiting. */
    private void release(Dispatch dispatch) {
        if (dispatch != null) {
            roster.release(dispatch.engineerId(), dispatch.capacityToken());
            roster.engineer(dispatch.engineerId()).ifPresent(e -> planRequests.request(e.coverage()));
        }
    }

    /**
     * The planner gives a waiting ticket to an engineer. Only a ticket still waiting because nobody could take it
     * (not one refused too often, which is the dispatcher's) is placed, through the same capacity reservation and
     * conditional save as every assignment. False when the ticket or the engineer changed meanwhile.
     */
    boolean placeAsPlanned(String ticketId, String engineerId, String reason, List<String> planIssues) {
        return planned(ticketId, null, engineerId, reason, planIssues);
    }

    /**
     * The planner moves a dispatch nobody has accepted yet away from its engineer: one who became unavailable, or
     * one whose visit runs past its planned end ({@code cause}). Accepted work is pinned and never moved by the
     * planner.
     */
    boolean moveAsPlanned(String ticketId, String dispatchId, String engineerId, MoveCause cause, String reason,
            List<String> planIssues) {
        return planned(ticketId, new Move(dispatchId, cause), engineerId, reason, planIssues);
    }

    /** Why the planner moves unaccepted work, as {@code cause} in {@code dispatch.reassigned.v1}. */
    enum MoveCause {
        /** The engineer became unavailable. */
        ENGINEER_UNAVAILABLE,
        /** The engineer's visit runs past its planned end, so the later work would be reached late. */
        VISIT_OVERRUN
    }

    private record Move(String dispatchId, MoveCause cause) {
    }

    private boolean planned(String ticketId, Move move, String engineerId, String reason,
            List<String> planIssues) {
        Engineer target = roster.engineer(engineerId).orElse(null);
        if (target == null) {
            return false;
        }
        Reservations reservations = new Reservations(ticketId);
        Holder<Dispatch> withdrawn = new Holder<>();
        boolean placed;
        try {
            placed = store.update(TicketDispatch.class, ticketId, null, file -> {
                reservations.outcome = null;
                withdrawn.value = null;
                Instant now = clock.instant();
                Replacement replaced = null;
                if (move == null) {
                    if (!file.escalated() || file.cancelled() || file.failures() >= properties.maxFailures()) {
                        return false;
                    }
                } else {
                    Dispatch current = file.dispatch(move.dispatchId()).orElse(null);
                    Engineer holder = current == null ? null : roster.engineer(current.engineerId()).orElse(null);
                    // the unavailability is checked again here; an overrun was seen by the plan moments ago
                    if (current == null || current.status() != DispatchStatus.ASSIGNED || holder == null
                            || (move.cause() == MoveCause.ENGINEER_UNAVAILABLE && holder.available())
                            || current.engineerId().equals(engineerId)) {
                        return false;
                    }
                    String why = move.cause() == MoveCause.ENGINEER_UNAVAILABLE
                            ? "engineer " + holder.id() + " became unavailable"
                            : "engineer " + holder.id() + "'s visit runs past its planned end";
                    Dispatch ended = file.withdraw(move.dispatchId(), why, now);
                    withdrawn.value = ended;
                    replaced = new Replacement(ended, move.cause().name(), ended.endReason(), "planner");
                }
        List<Engineer> engineers = roster.all();
                List<Candidate> ranked = matchmaker.rank(engineers, new Need(file.areaCode(), file.assetCategories(),
                        file.arrivalDue(), file.previousEngineerId()), file.triedThisCycle(), now, today(now));
                String token = reservations.token(file.nextDispatchId());
                if (!roster.reserve(target, token)) {
                    return false;
                }
                reservations.taken(engineerId, token);
                Explanation explanation = new Explanation(ranked, null, null,
                        Matchmaker.notCovering(engineers, file.areaCode()))
                        .withPlanIssues(planIssues).choosing(engineerId, "planned: " + reason);
                file.assign(engineerId, target.name(), token, explanation, now,
                        now.plus(properties.windowFor(file.priority())), replaced);
                reservations.outcome = replaced == null ? "assigned" : "reassigned";
                return true;
            });
        } catch (DocumentNotFoundException e) {
            return false;
        } finally {
            reservations.settle();
        }
        if (placed && withdrawn.value != null) {
            release(withdrawn.value);
        }
        return placed;
    }

    private LocalDate today(Instant now) {
        return now.atZone(properties.zone()).toLocalDate();
    }

    static boolean mayWork(Dispatch dispatch, Actor actor) {
        return !actor.hasRole("ENGINEER") || dispatch.engineerId().equals(actor.engineerId());
    }

    static String ticketOf(String dispatchId) {
        return ChildIds.parentOf(dispatchId, 'D', Dispatch.class);
    }

    Optional<TicketDispatch> file(String ticketId) {
        return store.find(TicketDispatch.class, ticketId);
    }

    /**
     * The capacity one operation reserved. After the operation, tokens the stored document holds are counted in
     * the engineer's tally of the day; the others are given back.
     */
    private final class Reservations {

        private final String ticketId;
        private final String attempt = UUID.randomUUID().toString().substring(0, 8);
        private final Map<String, String> tokens = new HashMap<>();
        private int sequence;
        String outcome;
        String replan;

        Reservations(String ticketId) {
            this.ticketId = ticketId;
        }

        /** {@code <dispatch id>@<reserved at, epoch millis base 36>.<attempt>.<n>}: see {@link CapacityReconciler}. */
        String token(String dispatchId) {
            return dispatchId + "@" + Long.toString(clock.millis(), 36) + "." + attempt + "." + (++sequence);
        }

        void taken(String engineerId, String token) {
            tokens.put(token, engineerId);
        }

        void settle() {
            if (replan != null && "escalated".equals(outcome)) {
                planRequests.requestForWaiting(replan);
            }
            if (!tokens.isEmpty()) {
                List<Dispatch> stored = store.find(TicketDispatch.class, ticketId).map(TicketDispatch::dispatches)
                        .orElse(List.of());
                tokens.forEach((token, engineerId) -> {
                    Optional<Dispatch> kept = stored.stream().filter(d -> token.equals(d.reservation())).findFirst();
                    if (kept.isPresent()) {
                        roster.tally(engineerId, token, today(kept.get().assignedAt()));
                    } else {
                        roster.abandon(engineerId, token);
                    }
                });
            }
            if (outcome != null) {
                timings.decided(outcome);
            }
        }
    }

    private static final class Holder<T> {
        T value;
    }
}
