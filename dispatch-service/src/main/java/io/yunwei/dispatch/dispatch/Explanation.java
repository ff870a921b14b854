package io.yunwei.dispatch.dispatch;

import java.util.List;

/**
 * Why a dispatch went to its engineer: every candidate considered, whether they could take it, their score
 * broken down, and the sentence that decided it.
 */
public record Explanation(List<Candidate> candidates, String chosen, String reason) {

    public record Candidate(String engineerId, boolean eligible, List<String> ruledOutBecause, int freeSlots, Score score) {
    }

    /** Higher is better; the parts add up to the total. */
    public record Score(double total, double freeCapacity, double skill, double continuity) {
    }
}
