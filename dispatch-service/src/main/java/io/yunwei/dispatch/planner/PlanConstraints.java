package io.yunwei.dispatch.planner;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintCollectors;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintJustification;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.common.LoadBalance;

/**
 * What a good plan is. Hard: the engineer has the skills, covers the area and has not refused the ticket in this
 * cycle, arrives on shift or on call, carries
 * no more than their capacity, keeps booked appointment windows (accepted work is pinned by the model itself).
 * Medium: every ticket on a route, SLA arrival targets met, weighted by priority. Soft: little travel, an even
 * day's load, the engineer who worked the ticket before, the customer's preferred engineer, and not moving work
 * an engineer was already told about.
 */
public class PlanConstraints implements ConstraintProvider {

    public static final String SKILL = "Skill";
    public static final String AREA = "Area coverage";
    public static final String REFUSED = "Refused this cycle";
    public static final String SHIFT = "Shift or on-call window";
    public static final String CAPACITY = "Capacity";
    public static final String APPOINTMENT = "Booked appointment window";
    public static final String UNASSIGNED = "Every ticket assigned";
    public static final String SLA = "SLA arrival target";
    public static final String TRAVEL = "Travel time";
    public static final String FAIRNESS = "Fair load";
    public static final String CONTINUITY = "Continuity";
    public static final String PREFERENCE = "Customer preference";
    public static final String STABILITY = "Stability";

    /** A ticket left off every route weighs as much as arriving this many minutes late (before the cap). */
    static final int UNASSIGNED_WEIGHT = 1000;
    static final int LATE_BASE = 100;
    static final int LATE_CAP_MINUTES = 480;
    /**
     * Soft points per unit of unfairness. On the simulated day with room to spare (150 tickets, seed 42), 100 changed
     * nothing, 400 evened it out as far as 1,000 and 2,000 did, with less added travel.
     */
    static final int FAIRNESS_WEIGHT = 400;
    static final int CONTINUITY_REWARD = 30;
    static final int PREFERENCE_REWARD = 20;
    static final int STABILITY_COST = 60;

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] { skill(factory), area(factory), refused(factory), shift(factory), capacity(factory),
                appointment(factory), unassigned(factory), sla(factory), travel(factory), fairness(factory),
                continuity(factory), preference(factory), stability(factory) };
    }

    Constraint skill(ConstraintFactory factory) {
        return factory.forEach(Job.class).filter(job -> job.getCrew() != null
                && !job.getCrew().skilledFor(job.getCategories()))
                .penalize(HardMediumSoftScore.ONE_HARD)
                .justifyWith((job, score) -> new TicketReason(job.getTicketId(), job.getCrew().getId(),
                        "has no skill in " + String.join(", ", job.getCrew().missingSkills(job))))
                .asConstraint(SKILL);
    }

    Constraint area(ConstraintFactory factory) {
        return factory.forEach(Job.class).filter(job -> job.getCrew() != null && !job.getCrew().covers(job.getArea()))
                .penalize(HardMediumSoftScore.ONE_HARD)
                .justifyWith((job, score) -> new TicketReason(job.getTicketId(), job.getCrew().getId(),
                        "does not cover area " + job.getArea()))
                .asConstraint(AREA);
    }

    Constraint refused(ConstraintFactory factory) {
        return factory.forEach(Job.class).filter(job -> job.getCrew() != null
                && job.getRefusedBy().contains(job.getCrew().getId()))
                .penalize(HardMediumSoftScore.ONE_HARD)
                .justifyWith((job, score) -> new TicketReason(job.getTicketId(), job.getCrew().getId(),
                        "already refused this ticket in this cycle"))
                .asConstraint(REFUSED);
    }

    Constraint shift(ConstraintFactory factory) {
        return factory.forEach(Crew.class).flattenLast(Crew::stops).filter(Stop::offShift)
                .penalize(HardMediumSoftScore.ONE_HARD)
                .justifyWith((stop, score) -> new TicketReason(stop.job().getTicketId(), stop.engineerId(),
                        "is not on shift or on call in the horizon to arrive"))
                .asConstraint(SHIFT);
    }

    Constraint capacity(ConstraintFactory factory) {
        return factory.forEach(Crew.class).filter(crew -> crew.overCapacity() > 0)
                .penalize(HardMediumSoftScore.ONE_HARD, Crew::overCapacity)
                .justifyWith((crew, score) -> new EngineerReason(crew.getId(), "would carry " + crew.getJobs().size()
                        + " dispatches, capacity " + crew.effectiveCapacity()
                        + (crew.isAvailable() ? "" : " (unavailable)")))
                .asConstraint(CAPACITY);
    }

    Constraint appointment(ConstraintFactory factory) {
        return factory.forEach(Crew.class).flattenLast(Crew::stops).filter(Stop::afterWindow)
                .penalize(HardMediumSoftScore.ONE_HARD)
                .justifyWith((stop, score) -> new TicketReason(stop.job().getTicketId(), stop.engineerId(),
                        "would arrive after the booked window"))
                .asConstraint(APPOINTMENT);
    }

    Constraint unassigned(ConstraintFactory factory) {
        return factory.forEachIncludingUnassigned(Job.class).filter(job -> job.getCrew() == null)
                .penalize(HardMediumSoftScore.ONE_MEDIUM, PlanConstraints::waitingPenalty)
                .justifyWith((job, score) -> new TicketReason(job.getTicketId(), null,
                        "waits: no engineer on this plan can take it"))
                .asConstraint(UNASSIGNED);
    }

    Constraint sla(ConstraintFactory factory) {
        return factory.forEach(Crew.class).flattenLast(Crew::stops).filter(stop -> stop.lateMinutes() > 0)
                .penalize(HardMediumSoftScore.ONE_MEDIUM, PlanConstraints::latePenalty)
                .justifyWith((stop, score) -> new TicketReason(stop.job().getTicketId(), stop.engineerId(),
                        "arrives " + stop.lateMinutes() + " min after the SLA target"))
                .asConstraint(SLA);
    }

    Constraint travel(ConstraintFactory factory) {
        return factory.forEach(Crew.class).flattenLast(Crew::stops).filter(stop -> stop.travelMinutes() > 0)
                .penalize(HardMediumSoftScore.ONE_SOFT, Stop::travelMinutes)
                .justifyWith((stop, score) -> new TicketReason(stop.job().getTicketId(), stop.engineerId(),
                        "travels " + stop.travelMinutes() + " min"))
                .asConstraint(TRAVEL);
    }

    /**
     * The spread of the day's load over the engineers who can work (Timefold's load balance: the square root of the
     * summed squared deviations from the mean), so moving a job from the busiest to the idlest engineer pays and
     * merely doing work costs nothing. Soft, below every SLA target.
     */
    Constraint fairness(ConstraintFactory factory) {
        return factory.forEach(Crew.class).filter(Crew::isAvailable)
                .groupBy(ConstraintCollectors.loadBalance(crew -> crew, Crew::dayLoad))
                .filter(balance -> balance.unfairness().signum() > 0)
                .penalize(HardMediumSoftScore.ONE_SOFT, PlanConstraints::unfairnessPenalty)
                .justifyWith((balance, score) -> new PlanReason("day's load spread: " + balance.unfairness()
                        .setScale(2, RoundingMode.HALF_UP) + " (busiest " + balance.loads().values().stream()
                        .mapToLong(Long::longValue).max().orElse(0) + ")"))
                .asConstraint(FAIRNESS);
    }

    Constraint continuity(ConstraintFactory factory) {
        return factory.forEach(Job.class).filter(job -> job.getCrew() != null
                && job.getCrew().getId().equals(job.getPreviousEngineerId()))
                .reward(HardMediumSoftScore.ONE_SOFT, job -> CONTINUITY_REWARD)
                .justifyWith((job, score) -> new TicketReason(job.getTicketId(), job.getCrew().getId(),
                        "worked this ticket's asset before"))
                .asConstraint(CONTINUITY);
    }

    Constraint preference(ConstraintFactory factory) {
        return factory.forEach(Job.class).filter(job -> job.getCrew() != null
                && job.getPreferredEngineerIds().contains(job.getCrew().getId()))
                .reward(HardMediumSoftScore.ONE_SOFT, job -> PREFERENCE_REWARD)
                .justifyWith((job, score) -> new TicketReason(job.getTicketId(), job.getCrew().getId(),
                        "is the customer's preferred engineer"))
                .asConstraint(PREFERENCE);
    }

    Constraint stability(ConstraintFactory factory) {
        return factory.forEach(Job.class).filter(job -> job.getCrew() != null && job.getDispatchedTo() != null
                && !job.getCrew().getId().equals(job.getDispatchedTo()))
                .penalize(HardMediumSoftScore.ONE_SOFT, job -> STABILITY_COST)
                .justifyWith((job, score) -> new TicketReason(job.getTicketId(), job.getCrew().getId(),
                        "takes it over from " + job.getDispatchedTo()))
                .asConstraint(STABILITY);
    }

    /** What a ticket left off every route costs (medium). */
    static long waitingPenalty(Job job) {
        return (long) UNASSIGNED_WEIGHT * job.weight();
    }

    /** What arriving late costs (medium): a fixed part, so any miss counts, and the minutes, capped. */
    static long latePenalty(Stop stop) {
        return stop.lateMinutes() <= 0 ? 0
                : stop.job().weight() * (LATE_BASE + Math.min(stop.lateMinutes(), LATE_CAP_MINUTES));
    }

    /**
     * What the last job on an engineer's route adds to {@link #fairness} (negative when it evens the day out):
     * the weighted unfairness of {@code loads} (engineer id to the day's load) less that with one job fewer for
     * {@code engineerId}.
     */
    static long fairnessCostOfOneMore(Map<String, Long> loads, String engineerId) {
        Map<String, Long> fewer = new HashMap<>(loads);
        fewer.merge(engineerId, -1L, Long::sum);
        return Math.round(FAIRNESS_WEIGHT * (unfairness(loads.values()) - unfairness(fewer.values())));
    }

    /** The load balance's unfairness: the square root of the summed squared deviations from the mean. */
    static double unfairness(Collection<Long> loads) {
        double sum = 0;
        double squares = 0;
        for (long load : loads) {
            sum += load;
            squares += (double) load * load;
        }
        return loads.isEmpty() ? 0 : Math.sqrt(Math.max(0, squares - sum * sum / loads.size()));
    }

    /** What an uneven day costs (soft): the load balance's unfairness, weighted. */
    static long unfairnessPenalty(LoadBalance<?> balance) {
        return balance.unfairness().multiply(BigDecimal.valueOf(FAIRNESS_WEIGHT)).setScale(0, RoundingMode.HALF_UP)
                .longValue();
    }

    /** Why a constraint matched a ticket, in a dispatcher's words; {@code engineerId} is null for a waiting ticket. */
    public record TicketReason(String ticketId, String engineerId, String words) implements ConstraintJustification {
    }


    /** Why a constraint matched the plan as a whole. */
    public record PlanReason(String words) implements ConstraintJustification {
    }

    /** Why a constraint matched an engineer's whole route. */
    public record EngineerReason(String engineerId, String words) implements ConstraintJustification {
    }
}
