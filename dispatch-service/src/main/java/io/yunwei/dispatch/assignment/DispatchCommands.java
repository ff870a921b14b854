package io.yunwei.dispatch.assignment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import org.springframework.stereotype.Service;

import io.yunwei.chassis.courtesy.CourtesyChecker;
import io.yunwei.chassis.idempotency.Answered;
import io.yunwei.chassis.idempotency.IdempotencyKey;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.RuleViolation;
import io.yunwei.dispatch.assignment.Explanation.Candidate;
import io.yunwei.dispatch.assignment.Placements.Choice;
import io.yunwei.dispatch.assignment.Placements.Reservations;
import io.yunwei.dispatch.assignment.TicketDispatch.Appointment;
import io.yunwei.dispatch.assignment.TicketDispatch.Dispatch;
import io.yunwei.dispatch.assignment.TicketDispatch.DispatchStatus;
import io.yunwei.dispatch.assignment.TicketDispatch.Replacement;
import io.yunwei.dispatch.engineer.Engineer;
import io.yunwei.dispatch.engineer.EngineerRoster;
import tools.jackson.databind.json.JsonMapper;

/**
 * What engineers and dispatchers do to a dispatch: accept it, decline it (the ticket moves on to the next candidate,
 * or to a dispatcher after too many refusals), log contact attempts, book the appointment, and reassign it to a
 * named engineer with a reason.
 */
@Service
class DispatchCommands {

    private static final String REACHED = "REACHED";

    private final DocumentStore store;
    private final Placements placements;
    private final EngineerRoster roster;
    private final CourtesyChecker courtesy;
    private final DispatchTimings timings;
    private final Clock clock;
    private final JsonMapper json;

    DispatchCommands(DocumentStore store, Placements placements, EngineerRoster roster, CourtesyChecker courtesy,
            DispatchTimings timings, Clock clock, JsonMapper json) {
        this.store = store;
        this.placements = placements;
        this.roster = roster;
        this.courtesy = courtesy;
        this.timings = timings;
        this.clock = clock;
        this.json = json;
    }

    /**
     * A late acceptance still counts until the sweeper has moved the ticket on; after that the dispatch is
     * {@code EXPIRED} and accepting it is an illegal transition.
     */
    DispatchView accept(String dispatchId, Actor actor) {
        AtomicReference<String> priority = new AtomicReference<>();
        DispatchView accepted = change(dispatchId, actor, null, 200, (file, dispatch) -> {
            priority.set(file.priority());
            return file.accept(dispatch.id(), clock.instant());
        }).view();
        timings.record(DispatchTimings.Stage.ACCEPT, priority.get(), accepted.assignedAt(), accepted.acceptedAt());
        return accepted;
    }

    /** The engineer refuses; the ticket goes to the next candidate, or to a dispatcher after too many refusals. */
    DispatchView decline(String dispatchId, String reason, Actor actor) {
        String ticketId = TicketDispatch.ticketOf(dispatchId);
        Reservations reservations = placements.reserving(ticketId);
        AtomicReference<Dispatch> declined = new AtomicReference<>();
        DispatchView view;
        try {
            view = store.update(TicketDispatch.class, ticketId, null, file -> {
                reservations.attempt(file);
                Dispatch dispatch = file.dispatch(dispatchId).filter(d -> d.mayBeWorkedBy(actor))
                        .orElseThrow(() -> new DocumentNotFoundException(Dispatch.class, dispatchId));
                Instant now = clock.instant();
                declined.set(file.decline(dispatch.id(), reason, now));
                placements.place(file, new Replacement(declined.get(), "DECLINED", reason, actor.subject()),
                        reservations, now);
                return DispatchView.of(ticketId, declined.get());
            });
        } finally {
            reservations.settle();
        }
        placements.release(declined.get());
        return view;
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
        Reservations reservations = placements.reserving(ticketId);
        AtomicReference<Dispatch> withdrawn = new AtomicReference<>();
        Answer answer;
        try {
            answer = store.update(TicketDispatch.class, ticketId, null, file -> {
                reservations.attempt(file);
                withdrawn.set(null);
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
                    withdrawn.set(ended.status() == DispatchStatus.REASSIGNED ? ended : null);
                    replaced = new Replacement(ended, "DISPATCHER", reason, actor.subject());
                } else if (!file.escalated()) {
                    throw new RuleViolation("NOT_ESCALATED", "Ticket " + ticketId
                            + " is not waiting for a dispatcher; reassign its current dispatch instead.");
                }
                Choice choice = new Choice(target, Set.of(), ranked -> "chosen by dispatcher " + actor.subject() + ": "
                        + reason + overrides(target, file.areaCode(), ranked), null);
                Dispatch assigned = placements.placeAsChosen(file, choice, replaced, reservations, now)
                        .orElseThrow(() -> new RuleViolation("ENGINEER_AT_CAPACITY", "Engineer " + engineerId
                                + " is unavailable or carries " + target.load() + " of " + target.capacity()
                                + " dispatches.").with("active", target.load()).with("capacity", target.capacity()));
                reservations.countAsReassigned();
                return answered(file, key, 201, DispatchView.of(ticketId, assigned), now);
            });
        } finally {
            reservations.settle();
        }
        placements.release(withdrawn.get());
        return answer;
    }

    /** What the dispatcher's choice overrode: the rules that ruled the engineer out, or the area they do not cover. */
    private static String overrides(Engineer target, String areaCode, List<Candidate> ranked) {
        return ranked.stream().filter(c -> c.engineerId().equals(target.id())).findFirst().filter(c -> !c.eligible())
                .map(c -> " (overriding: " + String.join(", ", c.ruledOutBecause()) + ")")
                .orElse(target.covers(areaCode) ? "" : " (overriding: does not cover area " + areaCode + ")");
    }

    Answer attemptContact(String dispatchId, Instant at, String outcome, String note, Actor actor,
            IdempotencyKey key) {
        AtomicReference<String> firstReachedOf = new AtomicReference<>();
        Answer answer = change(dispatchId, actor, key, 201, (file, dispatch) -> {
            firstReachedOf.set(null);
            boolean reachedBefore = dispatch.contactAttempts().stream().anyMatch(a -> REACHED.equals(a.outcome()));
            file.attemptContact(dispatch.id(), at, outcome, note, clock.instant());
            if (REACHED.equals(outcome) && !reachedBefore) {
                firstReachedOf.set(file.priority());
            }
            return file.dispatch(dispatch.id()).orElseThrow();
        });
        if (firstReachedOf.get() != null) {
            timings.record(DispatchTimings.Stage.FIRST_CONTACT, firstReachedOf.get(), answer.view().assignedAt(), at);
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
        String ticketId = TicketDispatch.ticketOf(dispatchId);
        Optional<Answer> replayed = earlier(ticketId, key);
        if (replayed.isPresent()) {
            return replayed.get();
        }
        return store.update(TicketDispatch.class, ticketId, null, file -> {
            Dispatch dispatch = file.dispatch(dispatchId).filter(d -> d.mayBeWorkedBy(actor))
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
}
