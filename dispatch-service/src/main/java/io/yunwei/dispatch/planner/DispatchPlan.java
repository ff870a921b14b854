package io.yunwei.dispatch.planner;

import java.util.List;

import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.HardMediumSoftScore;

/** The engineers of one planning round and the jobs to share among them; a job on no route waits. */
@PlanningSolution
public class DispatchPlan {

    @PlanningEntityCollectionProperty
    private List<Crew> crews;

    @PlanningEntityCollectionProperty
    @ValueRangeProvider
    private List<Job> jobs;

    @PlanningScore
    private HardMediumSoftScore score;

    DispatchPlan() {
    }

    public DispatchPlan(List<Crew> crews, List<Job> jobs) {
        this.crews = crews;
        this.jobs = jobs;
    }

    public List<Crew> getCrews() { return crews; }
    public List<Job> getJobs() { return jobs; }
    public HardMediumSoftScore getScore() { return score; }
    public void setScore(HardMediumSoftScore score) { this.score = score; }
}
