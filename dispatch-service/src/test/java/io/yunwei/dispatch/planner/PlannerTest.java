package io.yunwei.dispatch.planner;

import static io.yunwei.dispatch.planner.Plans.EIGHT;
import static io.yunwei.dispatch.planner.Plans.engineer;
import static io.yunwei.dispatch.planner.Plans.job;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PlannerTest {

    private final Planner planner = new Planner(Duration.ofSeconds(5), Duration.ofMillis(300));

    @Test
    void putsTheUrgentTicketFirstOnTheRoute() {
        Job p4 = job("p4", "P4", EIGHT + 1440);
        Job p1 = job("p1", "P1", EIGHT + 60);
        Crew crew = engineer("e1").build().plan(p4).plan(p1);

        DispatchPlan plan = planner.solve(new DispatchPlan(List.of(crew), new ArrayList<>(List.of(p4, p1))));

        assertThat(plan.getCrews().getFirst().getJobs()).extracting(Job::getTicketId).containsExactly("p1", "p4");
    }

    @Test
    void leavesPinnedWorkWhereItIs() {
        Job accepted = new Job("accepted", "A", List.of("UPS"), "P4", EIGHT, Job.NO_TARGET, 240, Plans.FAR);
        Job urgent = job("urgent", "P1", EIGHT + 30);
        Crew busy = engineer("busy").build().pin(accepted);
        Crew idle = engineer("idle").skills(Map.of("PRINTER", 3)).build();

        DispatchPlan plan = planner.solve(new DispatchPlan(List.of(busy, idle), new ArrayList<>(List.of(accepted, urgent))));

        Crew solvedBusy = plan.getCrews().stream().filter(c -> c.getId().equals("busy")).findFirst().orElseThrow();
        assertThat(solvedBusy.getJobs()).extracting(Job::getTicketId).containsExactly("accepted", "urgent");
    }

    @Test
    void movesASickEngineersWorkToSomeoneWhoCanTakeIt() {
        Job job = job("t1", "P2", EIGHT + 240);
        Crew sick = engineer("sick").build().plan(job);
        Crew colleague = engineer("colleague").build();
        DispatchPlan plan = planner.solve(new DispatchPlan(List.of(sick, colleague), new ArrayList<>(List.of(job))));

        plan.getCrews().stream().filter(c -> c.getId().equals("sick")).findFirst().orElseThrow().fallSick();
        DispatchPlan replanned = planner.solve(plan);

        assertThat(replanned.getJobs().getFirst().getCrew().getId()).isEqualTo("colleague");
        assertThat(replanned.getScore().isFeasible()).isTrue();
    }

    @Test
    void explainsTheArrivalAgainstTheTargetAndWhoElseCouldHaveGone() {
        Job job = job("t1", "P2", EIGHT + 240);
        Crew only = engineer("only").build();
        Crew other = engineer("other").skills(Map.of("PRINTER", 3)).build();
        DispatchPlan plan = planner.solve(new DispatchPlan(List.of(only, other), new ArrayList<>(List.of(job))));

        String reason = planner.explain(plan).assignments().get("t1").reason();

        assertThat(reason).startsWith("arrives 237 min before the SLA target; the only engineer with the UPS skill "
                + "covering A; 3 min travel");
    }

    @Test
    void explainsWhatTheSolverScores() {
        Job late = job("late", "P1", EIGHT);
        Crew crew = engineer("e1").build().plan(late);
        DispatchPlan plan = new DispatchPlan(List.of(crew), new ArrayList<>(List.of(late)));

        Planner.Explained explained = planner.explain(plan);

        assertThat(explained.assignments().get("late").reason()).contains("late -" + -explained.score().mediumScore()
                + " medium");
    }

    @Test
    void explainsWhatAJobDoesToTheSpreadOfTheDay() {
        Job job = job("t1", "P3", Job.NO_TARGET);
        Crew busy = engineer("busy").doneToday(3).build().plan(job);
        Crew idle = engineer("idle").build();
        DispatchPlan plan = new DispatchPlan(List.of(busy, idle), new ArrayList<>(List.of(job)));

        Planner.Explained explained = planner.explain(plan);

        // loads 4 and 0 against 3 and 0: sqrt(8) - sqrt(4.5) of unfairness, weighted
        long cost = Math.round(PlanConstraints.FAIRNESS_WEIGHT * (Math.sqrt(8) - Math.sqrt(4.5)));
        assertThat(explained.assignments().get("t1").reason()).contains("fairness -" + cost + " soft");
    }

    @Test
    void namesTheHardRulesAPlanBreaks() {
        Job job = job("t1", "P3", Job.NO_TARGET);
        Crew unskilled = engineer("e1").skills(Map.of("PRINTER", 2)).build().pin(job);

        Planner.Explained explained = planner.explain(new DispatchPlan(List.of(unskilled), new ArrayList<>(List.of(job))));

        assertThat(explained.broken()).containsExactly("Skill: e1 has no skill in UPS (t1)");
        assertThat(explained.score().hardScore()).isEqualTo(-1);
    }
}
