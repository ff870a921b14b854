package io.yunwei.dispatch.assignment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Service;

import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.dispatch.assignment.Placements.Choice;
import io.yunwei.dispatch.assignment.Placements.Reservations;
import io.yunwei.dispatch.assignment.TicketDispatch.Dispatch;
import io.yunwei.dispatch.assignment.TicketDispatch.DispatchStatus;
import io.yunwei.dispatch.assignment.TicketDispatch.Replacement;
import io.yunwei.dispatch.engineer.Engineer;
import io.yunwei.dispatch.engineer.EngineerRoster;

/**
 * Applies the planner's decisions: a waiting ticket given to an engineer, or unaccepted work moved off an engineer.
 * Each goes through the same capacity reservation and conditional save as every assignment, and is dropped (false)
 * when the ticket or the engineer changed since the plan was made.
 */
@Service
class PlannedAssignments {

    private final DocumentStore store;
    private final Placements placements;
    private final EngineerRoster roster;
    private final DispatchProperties properties;
    private final Clock clock;

    PlannedAssignments(DocumentStore store, Placements placements, EngineerRoster roster, DispatchProperties properties,
            Clock clock) {
        this.store = store;
        this.placements = placements;
        this.roster = roster;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Gives a waiting ticket to an engineer. Only a ticket still waiting because nobody could take it (not one
     * refused too often, which is the dispatcher's) is placed.
     */
    boolean place(String ticketId, String engineerId, String reason, List<String> planIssues) {
        return planned(ticketId, null, engineerId, reason, planIssues);
    }

    /**
     * Moves a dispatch nobody has accepted yet away from its engineer: one who became unavailable, or one whose visit
     * runs past its planned end ({@code cause}). Accepted work is pinned and never moved by the planner.
     */
    boolean move(String ticketId, String dispatchId, String engineerId, MoveCause cause, String reason,
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

    private boolean planned(String ticketId, Move move, String engineerId, String reason, List<String> planIssues) {
        Engineer target = roster.engineer(engineerId).orElse(null);
        if (target == null) {
            return false;
        }
        Reservations reservations = placements.reserving(ticketId);
        AtomicReference<Dispatch> withdrawn = new AtomicReference<>();
        boolean placed;
        try {
            placed = store.update(TicketDispatch.class, ticketId, null, file -> {
                reservations.attempt(file);
                withdrawn.set(null);
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
                    withdrawn.set(ended);
                    replaced = new Replacement(ended, move.cause().name(), ended.endReason(), "planner");
                }
                Choice choice = new Choice(target, file.triedThisCycle(), ranked -> "planned: " + reason, planIssues);
                return placements.placeAsChosen(file, choice, replaced, reservations, now).isPresent();
            });
        } catch (DocumentNotFoundException e) {
            return false;
        } finally {
            reservations.settle();
        }
        if (placed) {
            placements.release(withdrawn.get());
        }
        return placed;
    }
}
