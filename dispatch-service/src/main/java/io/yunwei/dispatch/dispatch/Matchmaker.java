package io.yunwei.dispatch.dispatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.stereotype.Component;

import io.yunwei.dispatch.dispatch.Explanation.Candidate;
import io.yunwei.dispatch.dispatch.Explanation.Score;
import io.yunwei.dispatch.engineer.Engineer;

/**
 * Ranks engineers for a ticket: only those available, covering the site's area, skilled in every asset category
 * and with free capacity are eligible; among them free capacity weighs most (fair load), then skill, then
 * continuity with whoever worked the ticket before. Equal scores go to whoever has more free slots.
 */
@Component
class Matchmaker {

    List<Candidate> rank(List<Engineer> engineers, String areaCode, List<String> categories, String previousEngineer) {
        List<Candidate> candidates = new ArrayList<>();
        for (Engineer engineer : engineers) {
            List<String> ruledOut = new ArrayList<>();
            if (!engineer.available()) {
                ruledOut.add("not available");
            }
            if (!engineer.covers(areaCode)) {
                ruledOut.add("does not cover area " + areaCode);
            }
            for (String category : categories) {
                if (engineer.levelIn(category) == 0) {
                    ruledOut.add("no skill in " + category);
                }
            }
            if (engineer.load() >= engineer.capacity()) {
                ruledOut.add("at capacity (" + engineer.load() + "/" + engineer.capacity() + ")");
            }
            double free = engineer.capacity() == 0 ? 0 : 60.0 * (engineer.capacity() - engineer.load()) / engineer.capacity();
            double skill = categories.isEmpty() ? 15.0
                    : categories.stream().mapToInt(engineer::levelIn).average().orElse(0) * 6.0;
            double continuity = engineer.id().equals(previousEngineer) ? 10.0 : 0.0;
            candidates.add(new Candidate(engineer.id(), ruledOut.isEmpty(), List.copyOf(ruledOut),
                    Math.max(0, engineer.capacity() - engineer.load()),
                    new Score(round(free + skill + continuity), round(free), round(skill), continuity)));
        }
        candidates.sort(Comparator.comparing(Candidate::eligible).reversed()
                .thenComparing(c -> -c.score().total()).thenComparing(c -> -c.freeSlots())
                .thenComparing(Candidate::engineerId));
        return candidates;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
