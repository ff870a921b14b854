package io.yunwei.intake.ticket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.data.mongodb.core.mapping.Field;

import io.yunwei.chassis.time.BusinessCalendar;
import io.yunwei.intake.ticket.SlaPolicy.Sla;

/**
 * A ticket's SLA clock: the contract's terms, when it started, the times the customer was deciding (not counted),
 * the due times, and which targets were met, warned of and breached. It lives in the ticket's document under the
 * ticket's own field names ({@code slaStartedAt}, {@code slaNextCheckAt}, …), which the SLA sweep's index reads.
 */
public class SlaClock {

    /** While the ticket stands here, nothing more is owed or nothing is owed yet: no check is scheduled. */
    private static final Set<TicketStatus> NOT_RUNNING = EnumSet.of(TicketStatus.RESOLVED, TicketStatus.CLOSED,
            TicketStatus.CANCELLED, TicketStatus.LINKED, TicketStatus.RECORDED);
    private static final Set<TicketStatus> RESPONDED = EnumSet.of(TicketStatus.ACCEPTED, TicketStatus.SCHEDULED,
            TicketStatus.ON_SITE, TicketStatus.AWAITING_CUSTOMER, TicketStatus.REVISIT_NEEDED, TicketStatus.RESOLVED,
            TicketStatus.CLOSED);
    private static final Set<TicketStatus> ARRIVED = EnumSet.of(TicketStatus.ON_SITE, TicketStatus.AWAITING_CUSTOMER,
            TicketStatus.REVISIT_NEEDED, TicketStatus.RESOLVED, TicketStatus.CLOSED);

    @Field("slaTerms")
    private SlaPolicy.Terms terms = SlaPolicy.Terms.NONE;
    @Field("sla")
    private Sla sla;
    @Field("slaStartedAt")
    private Instant startedAt;
    @Field("slaPauses")
    private List<Pause> pauses = new ArrayList<>();
    @Field("slaPausedSince")
    private Instant pausedSince;
    @Field("slaMet")
    private List<SlaTarget> met = new ArrayList<>();
    @Field("slaWarned")
    private List<SlaTarget> warned = new ArrayList<>();
    @Field("slaBreached")
    private List<SlaTarget> breached = new ArrayList<>();
    @Field("slaNextCheckAt")
    private Instant nextCheckAt;

    SlaClock() {
    }

    SlaClock(SlaPolicy.Terms terms) {
        this.terms = terms == null ? SlaPolicy.Terms.NONE : terms;
    }

    /** Starts counting every target from now (the ticket opened, or its fault came back). */
    void start(Instant now, Priority priority, SlaPolicy policy, TicketStatus status) {
        startedAt = now;
        pauses = new ArrayList<>();
        pausedSince = null;
        met = new ArrayList<>();
        warned = new ArrayList<>();
        breached = new ArrayList<>();
        sla = policy.due(terms, now, priority, Duration.ZERO);
        schedule(policy, priority, status);
    }

    /** Counts the due times again (the priority changed, or the policy did) and the next check with them. */
    void recount(SlaPolicy policy, Priority priority, TicketStatus status) {
        sla = policy.due(terms, startedAt, priority, pausedWorkingTime(policy));
        schedule(policy, priority, status);
    }

    /**
     * Stops a target's clock when it is met, and the whole clock while the customer decides: that wait is the
     * customer's, so its working time is added to every due time when the visit goes on.
     */
    void follow(TicketStatus before, TicketStatus status, String eventType, Instant now, Priority priority,
            SlaPolicy policy) {
        if (startedAt == null) {
            return;
        }
        if (status == TicketStatus.AWAITING_CUSTOMER && before != TicketStatus.AWAITING_CUSTOMER && pausedSince == null) {
            pausedSince = now;
        } else if (status != TicketStatus.AWAITING_CUSTOMER && pausedSince != null) {
            pauses.add(new Pause(pausedSince, now));
            pausedSince = null;
            sla = policy.due(terms, startedAt, priority, pausedWorkingTime(policy));
        }
        if (InboundEvents.CUSTOMER_CONTACT_ATTEMPTED.equals(eventType) || RESPONDED.contains(status)) {
            met(SlaTarget.RESPONSE);
        }
        if (ARRIVED.contains(status)) {
            met(SlaTarget.ARRIVAL);
        }
        if (status == TicketStatus.RESOLVED || status == TicketStatus.CLOSED) {
            met(SlaTarget.RESOLUTION);
        }
        schedule(policy, priority, status);
    }

    /**
     * What fell due by now, each once: a target past its due time is breached, one past its warning share warned
     * of. Nothing while paused or before the next scheduled check.
     */
    List<Lapse> check(Instant now, SlaPolicy policy, Priority priority, TicketStatus status) {
        if (nextCheckAt == null || pausedSince != null || now.isBefore(nextCheckAt)) {
            return List.of();
        }
        Duration paused = pausedWorkingTime(policy);
        List<Lapse> lapses = new ArrayList<>();
        for (SlaTarget target : SlaTarget.values()) {
            if (met.contains(target) || breached.contains(target)) {
                continue;
            }
            Instant due = sla.dueOf(target);
            if (!now.isBefore(due)) {
                breached.add(target);
                if (!warned.contains(target)) {
                    warned.add(target);
                }
                lapses.add(new Lapse(target, due, true));
            } else if (!warned.contains(target)
                    && !now.isBefore(policy.warningAt(target, terms, startedAt, priority, paused))) {
                warned.add(target);
                lapses.add(new Lapse(target, due, false));
            }
        }
        schedule(policy, priority, status);
        return lapses;
    }

    /** No more checks: the ticket is closed or cancelled. */
    void stop() {
        nextCheckAt = null;
    }

    boolean started() {
        return startedAt != null;
    }

    private void met(SlaTarget target) {
        if (!met.contains(target)) {
            met.add(target);
        }
    }

    private Duration pausedWorkingTime(SlaPolicy policy) {
        BusinessCalendar calendar = policy.calendar(terms.calendar());
        return pauses.stream().map(pause -> calendar.between(pause.from(), pause.to())).reduce(Duration.ZERO,
                Duration::plus);
    }

    /** The next moment a warning or breach may fall due; none while paused or once nothing more is owed. */
    private void schedule(SlaPolicy policy, Priority priority, TicketStatus status) {
        nextCheckAt = null;
        if (sla == null || pausedSince != null || NOT_RUNNING.contains(status)) {
            return;
        }
        Duration paused = pausedWorkingTime(policy);
        for (SlaTarget target : SlaTarget.values()) {
            if (met.contains(target) || breached.contains(target)) {
                continue;
            }
            Instant next = warned.contains(target) ? sla.dueOf(target)
                    : policy.warningAt(target, terms, startedAt, priority, paused);
            if (nextCheckAt == null || next.isBefore(nextCheckAt)) {
                nextCheckAt = next;
            }
        }
    }

    Instant nextCheckAt() {
        return nextCheckAt;
    }

    Sla sla() {
        return sla;
    }

    /** Where the clock stands now, as a value that later changes leave alone. */
    State state() {
        return new State(terms.calendar(), terms.tier(), startedAt, List.copyOf(pauses), pausedSince, List.copyOf(met),
                List.copyOf(warned), List.copyOf(breached), nextCheckAt);
    }

    /** Where a ticket's SLA clock stands: its calendar and tier, the pauses, each target's state. */
    public record State(String calendar, String tier, Instant startedAt, List<Pause> pauses, Instant pausedSince,
            List<SlaTarget> met, List<SlaTarget> warned, List<SlaTarget> breached, Instant nextCheckAt) {
    }

    /** A time the customer was deciding; the clock did not count it. */
    public record Pause(Instant from, Instant to) {
    }

    /** A target that fell due: breached at its due time, or warned of at its warning share. */
    record Lapse(SlaTarget target, Instant due, boolean breached) {
    }
}
