package io.yunwei.dispatch.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.score.analysis.ConstraintAnalysis;
import ai.timefold.solver.core.api.score.analysis.MatchAnalysis;
import ai.timefold.solver.core.api.score.analysis.ScoreAnalysis;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;

import io.yunwei.dispatch.planner.PlanConstraints.EngineerReason;
import io.yunwei.dispatch.planner.PlanConstraints.TicketReason;

/**
 * Solves a {@link DispatchPlan} within a time budget (stopping early once it stops improving) and explains the
 * result: per ticket, the score it brings in words, and for the plan, the hard constraints it still breaks.
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

    /** Scores a plan as it is, without solving (after a change the caller made by hand). */
    public HardMediumSoftScore score(DispatchPlan plan) {
        return solutions.update(plan);
    }

    /** Each ticket's assignment in words, and the plan's broken hard constraints. */
    public Explained explain(DispatchPlan plan) {
        ScoreAnalysis<HardMediumSoftScore> analysis = solutions.analyze(plan);
        Map<String, List<String>> parts = new HashMap<>();
        Map<String, List<String>> reasons = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (ConstraintAnalysis<HardMediumSoftScore> constraint : analysis.constraintAnalyses()) {
            String name = constraint.constraintRef().id();
            for (MatchAnalysis<HardMediumSoftScore> match : constraint.matches()) {
                HardMediumSoftScore score = match.score();
                if (match.justification() instanceof TicketReason reason) {
                    parts.computeIfAbsent(reason.ticketId(), t -> new ArrayList<>())
                            .add(name.toLowerCase(Locale.ROOT) + " " + signed(score));
                    reasons.computeIfAbsent(reason.ticketId(), t -> new ArrayList<>()).add(reason.words());
                    if (score.hardScore() < 0) {
                        broken.add(name + ": " + (reason.engineerId() == null ? "" : reason.engineerId() + " ")
                                + reason.words() + " (" + reason.ticketId() + ")");
                    }
                } else if (match.justification() instanceof EngineerReason reason && score.hardScore() < 0) {
                    broken.add(name + ": " + reason.engineerId() + " " + reason.words());
                }
            }
        }
        Map<String, Assignment> assignments = new LinkedHashMap<>();
        for (Crew crew : plan.getCrews()) {
            for (Stop stop : crew.stops()) {
                Job job = stop.job();
                List<String> words = new ArrayList<>();
                words.add(sla(stop));
                words.add(rarity(plan, job, crew));
                words.add(stop.travelMinutes() + " min travel");
                if (stop.position() < crew.getPinned()) {
                    words.add("accepted work, kept in place");
                }
                reasons.getOrDefault(job.getTicketId(), List.of()).stream()
                        .filter(r -> r.startsWith("worked") || r.startsWith("is the customer") || r.startsWith("takes"))
                        .forEach(words::add);
                words.add((stop.position() + 1) + " of " + crew.effectiveCapacity() + " dispatches on the route");
                String reason = String.join("; ", words) + " (score: "
                        + String.join(", ", parts.getOrDefault(job.getTicketId(), List.of("none"))) + ")";
                assignments.put(job.getTicketId(), new Assignment(job.getTicketId(), crew.getId(), stop.position(),
                        instant(stop.arrival()), stop.lateMinutes() == 0, reason));
            }
        }
        List<String> waiting = plan.getJobs().stream().filter(j -> j.getCrew() == null).map(Job::getTicketId).toList();
        return new Explained(analysis.score(), assignments, waiting, broken);
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

    private static String signed(HardMediumSoftScore score) {
        List<String> levels = new ArrayList<>();
        if (score.hardScore() != 0) {
            levels.add(score.hardScore() + " hard");
        }
        if (score.mediumScore() != 0) {
            levels.add(score.mediumScore() + " medium");
        }
        if (score.softScore() != 0) {
            levels.add((score.softScore() > 0 ? "+" : "") + score.softScore() + " soft");
        }
        return levels.isEmpty() ? "0" : String.join(" ", levels);
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

    /** The plan explained: its score, each assignment, the tickets that wait, the hard constraints it breaks. */
    public record Explained(HardMediumSoftScore score, Map<String, Assignment> assignments, List<String> waiting,
            List<String> broken) {
    }
}
