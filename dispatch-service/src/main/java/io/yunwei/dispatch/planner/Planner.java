package io.yunwei.dispatch.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;

/**
 * Solves a {@link DispatchPlan} within a time budget (stopping early once it stops improving) and explains the
 * result: per ticket, in words and in what it brings to the score, and for the plan, the hard rules it still breaks.
 * Thread-safe: every solve builds its own solver.
 */
public final class Planner {

    private final SolverFactory<DispatchPlan> factory;
    private final SolutionManager<DispatchPlan, HardMediumSoftScore> solutions;

    public Planner(Duration spentLimit, Duration unimprovedLimit) {
        SolverConfig config = new SolverConfig().withSolutionClass(DispatchPlan.class)
                .withEntityClasses(Crew.class, Job.class).withConstraintProviderClass(PlanConstraints.class)
                .withTerminationConfig(new TerminationConfig().withSpentLimit(spentLimit)
                        .withUnimprovedSpentLimit(unimprovedLimit));
        this.factory = SolverFactory.create(config);
        this.solutions = SolutionManager.create(factory);
    }

    /** The best plan found; the problem's pinned jobs stay where they are. */
    public DispatchPlan solve(DispatchPlan problem) {
        return factory.buildSolver().solve(problem);
    }

    /** As {@link #solve}, also telling when the solver last found a better plan (the rest of the time it searched). */
    public Timed timed(DispatchPlan problem) {
        var solver = factory.buildSolver();
        long[] lastBest = { 0 };
        solver.addEventListener(event -> lastBest[0] = event.getTimeMillisSpent());
        long started = System.nanoTime();
        DispatchPlan plan = solver.solve(problem);
        return new Timed(plan, Duration.ofNanos(System.nanoTime() - started), Duration.ofMillis(lastBest[0]));
    }

    /** A plan, the time the solve took in all, and the time at which its best plan was found. */
    public record Timed(DispatchPlan plan, Duration took, Duration bestFoundAfter) {
    }

    /** Scores a plan as it is, without solving (after a change the caller made by hand). */
    public HardMediumSoftScore score(DispatchPlan plan) {
        return solutions.update(plan);
    }

    /**
     * Each ticket's assignment in words with what it brings to the score, and the plan's broken hard rules. Timefold
     * 2's score analysis is a commercial feature, so the breakdown is computed here from the same functions the
     * constraints use ({@link PlanConstraints}); {@code PlannerTest} checks the two agree.
     */
    public Explained explain(DispatchPlan plan) {
        HardMediumSoftScore score = solutions.update(plan);
        List<String> broken = new ArrayList<>();
        Set<String> breaking = new HashSet<>();
        Map<String, Assignment> assignments = new LinkedHashMap<>();
        Map<String, Long> loads = new HashMap<>();
        plan.getCrews().stream().filter(Crew::isAvailable).forEach(c -> loads.put(c.getId(), (long) c.dayLoad()));
        for (Crew crew : plan.getCrews()) {
            if (crew.overCapacity() > 0) {
                broken.add(PlanConstraints.CAPACITY + ": " + crew.getId() + " would carry " + crew.getJobs().size()
                        + " dispatches, capacity " + crew.effectiveCapacity()
                        + (crew.isAvailable() ? "" : " (unavailable)"));
                crew.getJobs().subList(crew.getPinned(), crew.getJobs().size()).forEach(j -> breaking.add(j.getTicketId()));
            }
            for (Stop stop : crew.stops()) {
                Job job = stop.job();
                List<String> hard = new ArrayList<>();
                if (!crew.skilledFor(job.getCategories())) {
                    hard.add(PlanConstraints.SKILL + ": " + crew.getId() + " has no skill in "
                            + String.join(", ", crew.missingSkills(job)));
                }
                if (!crew.covers(job.getArea())) {
                    hard.add(PlanConstraints.AREA + ": " + crew.getId() + " does not cover area " + job.getArea());
                }
                if (job.getRefusedBy().contains(crew.getId())) {
                    hard.add(PlanConstraints.REFUSED + ": " + crew.getId() + " already refused it");
                }
                if (stop.offShift()) {
                    hard.add(PlanConstraints.SHIFT + ": " + crew.getId() + " is not on shift or on call to arrive");
                }
                if (stop.afterWindow()) {
                    hard.add(PlanConstraints.APPOINTMENT + ": " + crew.getId() + " arrives after the booked window");
                }
                hard.forEach(h -> broken.add(h + " (" + job.getTicketId() + ")"));
                if (!hard.isEmpty()) {
                    breaking.add(job.getTicketId());
                }
                List<String> parts = new ArrayList<>();
                long late = PlanConstraints.latePenalty(stop);
                if (late > 0) {
                    parts.add("late -" + late + " medium");
                }
                parts.add("travel -" + stop.travelMinutes() + " soft");
                int load = crew.dayLoad();
                long fairness = crew.isAvailable() ? PlanConstraints.fairnessCostOfOneMore(loads, crew.getId()) : 0;
                parts.add("fairness " + (fairness > 0 ? "-" + fairness : "+" + -fairness) + " soft");
                List<String> words = new ArrayList<>();
                words.add(sla(stop));
                words.add(rarity(plan, job, crew));
                words.add(stop.travelMinutes() + " min travel");
                if (stop.position() < crew.getPinned()) {
                    words.add("accepted work, kept in place");
                }
                if (crew.getId().equals(job.getPreviousEngineerId())) {
                    words.add("worked this ticket's asset before");
                    parts.add("continuity +" + PlanConstraints.CONTINUITY_REWARD + " soft");
                }
                if (job.getPreferredEngineerIds().contains(crew.getId())) {
                    words.add("the customer's preferred engineer");
                    parts.add("preference +" + PlanConstraints.PREFERENCE_REWARD + " soft");
                }
                if (job.getDispatchedTo() != null && !job.getDispatchedTo().equals(crew.getId())) {
                    words.add("takes it over from " + job.getDispatchedTo());
                    parts.add("stability -" + PlanConstraints.STABILITY_COST + " soft");
                }
                words.add(load - crew.getDoneToday() + " on the route, " + load + " today");
                words.addAll(hard);
                String reason = String.join("; ", words) + " (score: " + String.join(", ", parts) + ")";
                assignments.put(job.getTicketId(), new Assignment(job.getTicketId(), crew.getId(), stop.position(),
                        instant(stop.arrival()), stop.lateMinutes() == 0, reason));
            }
        }
        List<String> waiting = plan.getJobs().stream().filter(j -> j.getCrew() == null).map(Job::getTicketId).toList();
        return new Explained(score, assignments, waiting, broken, Set.copyOf(breaking));
    }

    private static String sla(Stop stop) {
        if (!stop.job().hasTarget()) {
            return "no SLA arrival target";
        }
        long slack = stop.slackMinutes();
        return slack >= 0 ? "arrives " + slack + " min before the SLA target"
                : "arrives " + -slack + " min after the SLA target";
    }

    private static String rarity(DispatchPlan plan, Job job, Crew chosen) {
        long able = plan.getCrews().stream().filter(Crew::isAvailable).filter(c -> c.covers(job.getArea()))
                .filter(c -> c.skilledFor(job.getCategories())).count();
        String skill = job.getCategories().isEmpty() ? "" : " with the " + String.join(" and ", job.getCategories())
                + " skill" + (job.getCategories().size() > 1 ? "s" : "");
        String where = job.getArea() == null ? "" : " covering " + job.getArea()
                + (chosen.primaryFor(job.getArea()) ? "" : " (as backup area)");
        return able <= 1 ? "the only engineer" + skill + where : "one of " + able + " engineers" + skill + where;
    }

    public static long minutes(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), 60);
    }

    public static Instant instant(long minutes) {
        return Instant.ofEpochSecond(minutes * 60);
    }

    /** One ticket's place in the plan: whose route, which position, when they arrive and why it is there. */
    public record Assignment(String ticketId, String engineerId, int position, Instant arrival, boolean meetsTarget,
            String reason) {
    }

    /**
     * The plan explained: its score, each assignment, the tickets that wait, the hard constraints it breaks, and the
     * tickets whose place breaks one (not to be carried out as planned).
     */
    public record Explained(HardMediumSoftScore score, Map<String, Assignment> assignments, List<String> waiting,
            List<String> broken, Set<String> breakingRules) {
    }
}
