package io.yunwei.dispatch.assignment;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.yunwei.dispatch.assignment.Explanation.Candidate;
import io.yunwei.dispatch.assignment.Explanation.Score;
import io.yunwei.dispatch.engineer.Engineer;

/**
 * Ranks the engineers covering a ticket's area (as primary or backup area). Eligible are those available, skilled
 * in every asset category, with free capacity, on shift before the SLA arrival target and not already refused
 * the ticket this cycle. Among them free capacity weighs most (spread the load), then skill, then fairness over
 * the day, then how soon they are on shift against the arrival target, then continuity with whoever worked the
 * ticket before and closeness (own area, home base). Equal scores go to whoever has more free slots.
 */
@Component
class Matchmaker {

    /** When there is no arrival target, someone on shift within a week will do. */
    private static final Duration HORIZON = Duration.ofDays(7);

    List<Candidate> rank(List<Engineer> engineers, Need need, Set<String> excluded, Instant now, LocalDate today) {
        List<Candidate> candidates = new ArrayList<>();
        Instant until = need.arrivalDue() != null ? need.arrivalDue() : now.plus(HORIZON);
        for (Engineer engineer : engineers) {
            if (!engineer.covers(need.areaCode())) {
                continue;
            }
            List<String> ruledOut = new ArrayList<>();
            if (!engineer.available()) {
                ruledOut.add("not available");
            }
            for (String category : need.categories()) {
                if (engineer.levelIn(category) == 0) {
                    ruledOut.add("no skill in " + category);
                }
            }
            if (engineer.load() >= engineer.capacity()) {
                ruledOut.add("at capacity (" + engineer.load() + "/" + engineer.capacity() + ")");
            }
            Instant onShift = engineer.onShiftBetween(now, until).orElse(null);
            if (onShift == null) {
                ruledOut.add(need.arrivalDue() != null ? "not on shift before the arrival target " + need.arrivalDue()
                        : "not on shift within " + HORIZON.toDays() + " days");
            }
            if (excluded.contains(engineer.id())) {
                ruledOut.add("already had this ticket in this cycle");
            }
            int doneToday = engineer.dispatchesOn(today);
            double free = engineer.capacity() == 0 ? 0 : 40.0 * (engineer.capacity() - engineer.load()) / engineer.capacity();
            double skill = need.categories().isEmpty() ? 15.0
                    : need.categories().stream().mapToInt(engineer::levelIn).average().orElse(0) * 6.0;
            double fairness = Math.max(0, 15.0 - 3.0 * doneToday);
            double urgency = urgency(onShift, now, until);
            double continuity = engineer.id().equals(need.previousEngineer()) ? 10.0 : 0.0;
            double proximity = (engineer.primaryFor(need.areaCode()) ? 3.0 : 0.0)
                    + (need.areaCode() != null && need.areaCode().equals(engineer.homeBase()) ? 2.0 : 0.0);
            candidates.add(new Candidate(engineer.id(), ruledOut.isEmpty(), List.copyOf(ruledOut),
                    Math.max(0, engineer.capacity() - engineer.load()),
                    new Score(round(free + skill + fairness + urgency + continuity + proximity), round(free),
                            round(skill), continuity, round(fairness), round(urgency), proximity),
                    engineer.primaryFor(need.areaCode()) ? "PRIMARY" : "BACKUP", onShift, doneToday,
                    ruledOut.isEmpty() ? null : "ruled out"));
        }
        candidates.sort(Comparator.comparing(Candidate::eligible).reversed()
                .thenComparing(c -> -c.score().total()).thenComparing(c -> -c.freeSlots())
                .thenComparing(Candidate::engineerId));
        return candidates;
    }

    /** Full marks for someone on shift now, falling to none for someone who starts just at the arrival target. */
    private static double urgency(Instant onShift, Instant now, Instant until) {
        if (onShift == null) {
            return 0;
        }
        long slack = Math.max(1, Duration.between(now, until).toMillis());
        long wait = Math.max(0, Duration.between(now, onShift).toMillis());
        return 10.0 * Math.max(0, 1.0 - (double) wait / slack);
    }

    static int notCovering(List<Engineer> engineers, String areaCode) {
        return (int) engineers.stream().filter(e -> !e.covers(areaCode)).count();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** What the ticket needs: where, which skills, by when someone must arrive, and who worked it before. */
    record Need(String areaCode, List<String> categories, Instant arrivalDue, String previousEngineer) {

        Need {
            categories = categories == null ? List.of() : List.copyOf(categories);
        }
    }
}
