package io.yunwei.dispatch.assignment;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.PersistenceCreator;

/**
 * Why a dispatch went to its engineer: every candidate covering the area, whether they could take it, their
 * score broken down, why each one who could lost, and the sentence that decided it. Engineers who do not cover
 * the area at all are only counted. A dispatch the planner made says so in {@code reason} and lists in
 * {@code planIssues} the hard rules its plan still breaks, if any.
 */
public record Explanation(List<Candidate> candidates, String chosen, String reason, int notCoveringArea,
        List<String> planIssues) {

    @PersistenceCreator
    public Explanation {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        planIssues = planIssues == null ? List.of() : List.copyOf(planIssues);
    }

    Explanation(List<Candidate> candidates, String chosen, String reason, int notCoveringArea) {
        this(candidates, chosen, reason, notCoveringArea, List.of());
    }

    Explanation choosing(String engineerId, String why) {
        Candidate winner = candidates.stream().filter(c -> c.engineerId().equals(engineerId)).findFirst().orElse(null);
        return new Explanation(candidates.stream().map(c -> c.engineerId().equals(engineerId) ? c.lost(null)
                : c.eligible() && c.lostBecause() == null ? c.lost(lostTo(c, winner)) : c).toList(),
                engineerId, why, notCoveringArea, planIssues);
    }

    /** The rules the whole plan this dispatch came from still breaks, for the dispatcher to resolve. */
    Explanation withPlanIssues(List<String> issues) {
        return new Explanation(candidates, chosen, reason, notCoveringArea, issues);
    }

    private static String lostTo(Candidate loser, Candidate winner) {
        if (winner == null) {
            return "not chosen";
        }
        if (loser.score().total() < winner.score().total()) {
            return "lower score %.1f than %s's %.1f".formatted(loser.score().total(), winner.engineerId(),
                    winner.score().total());
        }
        if (loser.score().total() > winner.score().total()) {
            return "higher score, but " + winner.engineerId() + " was chosen";
        }
        return loser.freeSlots() < winner.freeSlots()
                ? "same score as %s, fewer free slots (%d < %d)".formatted(winner.engineerId(), loser.freeSlots(),
                        winner.freeSlots())
                : "same score and free slots as " + winner.engineerId() + ", who comes first by id";
    }

    /**
     * {@code coverage}: {@code PRIMARY} or {@code BACKUP}; {@code onShiftFrom}: first moment on shift before the
     * SLA arrival target; {@code lostBecause}: why an eligible candidate was not chosen.
     */
    public record Candidate(String engineerId, boolean eligible, List<String> ruledOutBecause, int freeSlots, Score score,
            String coverage, Instant onShiftFrom, int dispatchesToday, String lostBecause) {

        Candidate lost(String why) {
            return new Candidate(engineerId, eligible, ruledOutBecause, freeSlots, score, coverage, onShiftFrom,
                    dispatchesToday, why);
        }
    }

    /** Higher is better; the parts add up to the total. */
    public record Score(double total, double freeCapacity, double skill, double continuity, double fairness,
            double urgency, double proximity) {
    }
}
