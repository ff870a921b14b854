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
import java.util.function.Function;

import org.springframework.stereotype.Component;

import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.dispatch.assignment.Explanation.Candidate;
import io.yunwei.dispatch.assignment.Matchmaker.Need;
import io.yunwei.dispatch.assignment.TicketDispatch.Dispatch;
import io.yunwei.dispatch.assignment.TicketDispatch.Replacement;
import io.yunwei.dispatch.engineer.Engineer;
import io.yunwei.dispatch.engineer.EngineerRoster;
import io.yunwei.dispatch.planner.PlanRequests;

/**
 * Puts a ticket with an engineer: the best eligible one who still has room, or one a dispatcher or the planner chose,
 * always through a reservation of the engineer's capacity; and gives the capacity back when a dispatch ends.
 *
 * <p>Capacity is reserved (and counted in the engineer's tally of the day) before the ticket's document is saved,
 * with a token unique to each attempt. When the store has to retry, or the change is refused, the tokens the saved
 * document does not hold are given back ({@link Reservations#settle()}), so a lost race never leaves capacity taken
 * and a won race never has its capacity given back by someone else.
 */
@Component
class Placements {

    private final DocumentStore store;
    private final EngineerRoster roster;
    private final Matchmaker matchmaker;
    private final DispatchProperties properties;
    private final DispatchTimings timings;
    private final PlanRequests planRequests;
    private final Clock clock;

    Placements(DocumentStore store, EngineerRoster roster, Matchmaker matchmaker, DispatchProperties properties,
            DispatchTimings timings, PlanRequests planRequests, Clock clock) {
        this.store = store;
        this.roster = roster;
        this.matchmaker = matchmaker;
        this.properties = properties;
        this.timings = timings;
        this.planRequests = planRequests;
        this.clock = clock;
    }

    /** The reservations of one operation on a ticket; settle them once the operation is over, however it ended. */
    Reservations reserving(String ticketId) {
        return new Reservations(ticketId);
    }

    /**
     * Gives the ticket to the best eligible engineer who still has room, or escalates it when nobody can take it or
     * it has been refused too often.
     */
    void place(TicketDispatch file, Replacement replaced, Reservations reservations, Instant now) {
        if (replaced != null && file.failures() >= properties.maxFailures()) {
            file.escalate("refused %d times (declined or not accepted in time); a dispatcher must assign it"
                    .formatted(file.failures()), now);
            reservations.outcome = "escalated";
            return;
        }
        List<Candidate> ranked = List.of();
        // a second look at the roster: someone else's abandoned attempt may have held the last free slot a moment ago
        for (int look = 0; look < 2; look++) {
            List<Engineer> engineers = roster.all();
            ranked = new ArrayList<>(rank(engineers, file, file.triedThisCycle(), now));
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
            if (roster.reserve(engineer, token, today(now))) {
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

    /**
     * Gives the ticket to the engineer someone chose (a dispatcher or the planner), when the engineer's capacity can be
     * reserved. The explanation still ranks every candidate as the roster stands, so it shows what the choice
     * overrode. Empty, changing nothing, when the engineer has no room.
     */
    Optional<Dispatch> placeAsChosen(TicketDispatch file, Choice choice, Replacement replaced, Reservations reservations,
            Instant now) {
        // ranked before the reservation, so the explanation shows the load the choice was made on
        List<Engineer> engineers = roster.all();
        List<Candidate> ranked = rank(engineers, file, choice.passedOver(), now);
        Engineer chosen = choice.engineer();
        String token = reservations.token(file.nextDispatchId());
        if (!roster.reserve(chosen, token, today(now))) {
            return Optional.empty();
        }
        reservations.taken(chosen.id(), token);
        Explanation explanation = new Explanation(ranked, null, null, Matchmaker.notCovering(engineers, file.areaCode()))
                .withPlanIssues(choice.planIssues()).choosing(chosen.id(), choice.reason().apply(ranked));
        Dispatch assigned = file.assign(chosen.id(), chosen.name(), token, explanation, now,
                now.plus(properties.windowFor(file.priority())), replaced);
        reservations.outcome = replaced == null ? "assigned" : "reassigned";
        return Optional.of(assigned);
    }

    /**
     * An engineer chosen for a ticket: who, the engineers the ranking leaves out as already tried, why in words that
     * may depend on how the candidates ranked, and the hard rules the plan behind the choice still breaks.
     */
    record Choice(Engineer engineer, Set<String> passedOver, Function<List<Candidate>, String> reason,
            List<String> planIssues) {
    }

    private List<Candidate> rank(List<Engineer> engineers, TicketDispatch file, Set<String> excluded, Instant now) {
        return matchmaker.rank(engineers, new Need(file.areaCode(), file.assetCategories(), file.arrivalDue(),
                file.previousEngineerId()), excluded, now, today(now));
    }

    /** The capacity comes back, and the engineer's areas are worth a new plan: someone there may be waiting. */
    void release(Dispatch dispatch) {
        if (dispatch != null) {
            roster.release(dispatch.engineerId(), dispatch.capacityToken());
            roster.engineer(dispatch.engineerId()).ifPresent(e -> planRequests.request(e.coverage()));
        }
    }

    private LocalDate today(Instant now) {
        return now.atZone(properties.zone()).toLocalDate();
    }

    /**
     * The capacity one operation reserved. After the operation, the tokens the stored document does not hold are
     * given back, from the capacity and from the day's tally; those it holds stay counted in both.
     */
    final class Reservations {

        private final String ticketId;
        private final String attempt = UUID.randomUUID().toString().substring(0, 8);
        private final Map<String, String> tokens = new HashMap<>();
        private int sequence;
        private String outcome;
        private String replan;
        private TicketDispatch tried;
        private long versionRead;

        private Reservations(String ticketId) {
            this.ticketId = ticketId;
        }

        /** {@code <dispatch id>@<reserved at, epoch millis base 36>.<attempt>.<n>}: see {@link CapacityReconciler}. */
        private String token(String dispatchId) {
            return dispatchId + "@" + Long.toString(clock.millis(), 36) + "." + attempt + "." + (++sequence);
        }

        private void taken(String engineerId, String token) {
            tokens.put(token, engineerId);
        }

        /**
         * An attempt at the change starts, on the document as read: a retried save starts again from what is stored,
         * and what the failed try decided no longer holds.
         */
        void attempt(TicketDispatch file) {
            tried = file;
            versionRead = file.version();
            outcome = null;
        }

        /** {@code assigned}, {@code reassigned}, {@code escalated}, or null when the operation placed nothing. */
        String outcome() {
            return outcome;
        }

        /** A dispatcher's choice counts as a reassignment, even for a ticket that waited for one. */
        void countAsReassigned() {
            outcome = "reassigned";
        }

        void settle() {
            if (replan != null && "escalated".equals(outcome)) {
                planRequests.requestForWaiting(replan);
            }
            if (!tokens.isEmpty()) {
                // the last attempt's document, when its save went through, is what is stored (nothing else was
                // reserved after it); otherwise the save was refused or its outcome is unknown: read what is stored
                boolean saved = tried != null && tried.version() > versionRead;
                List<Dispatch> stored = saved ? tried.dispatches()
                        : store.find(TicketDispatch.class, ticketId).map(TicketDispatch::dispatches).orElse(List.of());
                tokens.forEach((token, engineerId) -> {
                    if (stored.stream().noneMatch(d -> token.equals(d.reservation()))) {
                        roster.abandon(engineerId, token);
                    }
                });
            }
            if (outcome != null) {
                timings.decided(outcome);
            }
        }
    }
}
