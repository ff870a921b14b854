package io.yunwei.dispatch.planner;

import static io.yunwei.dispatch.planner.Plans.DAY;
import static io.yunwei.dispatch.planner.Plans.EIGHT;
import static io.yunwei.dispatch.planner.Plans.engineer;
import static io.yunwei.dispatch.planner.Plans.job;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import ai.timefold.solver.core.api.score.stream.test.ConstraintVerifier;

class PlanConstraintsTest {

    private final ConstraintVerifier<PlanConstraints, DispatchPlan> verifier = ConstraintVerifier
            .build(new PlanConstraints(), DispatchPlan.class, Crew.class, Job.class);

    @Test
    void penalisesAnEngineerWithoutTheSkill() {
        Job job = job("t1", "P3", Job.NO_TARGET);
        Crew crew = engineer("e1").skills(Map.of("PRINTER", 4)).build().plan(job);
        verifier.verifyThat(PlanConstraints::skill).given(crew, job).penalizesBy(1);
    }

    @Test
    void acceptsAnEngineerCoveringTheAreaAsBackup() {
        Job job = job("t1", "P3", Job.NO_TARGET);
        Crew crew = engineer("e1").areas("B").backup("A").build().plan(job);
        verifier.verifyThat(PlanConstraints::area).given(crew, job).hasNoImpact();
    }

    @Test
    void penalisesAnEngineerCoveringNeitherAsHomeNorAsBackup() {
        Job job = job("t1", "P3", Job.NO_TARGET);
        Crew crew = engineer("e1").areas("B").backup("C").build().plan(job);
        verifier.verifyThat(PlanConstraints::area).given(crew, job).penalizesBy(1);
    }

    @Test
    void neverGivesATicketBackToAnEngineerWhoRefusedIt() {
        Job job = job("t1", "P3", Job.NO_TARGET).refusedBy(Set.of("e1"));
        Crew crew = engineer("e1").build().plan(job);
        verifier.verifyThat(PlanConstraints::refused).given(crew, job).penalizesBy(1);
    }

    @Test
    void penalisesAnArrivalWithNoShiftInTheHorizon() {
        Job job = job("t1", "P3", Job.NO_TARGET);
        Crew crew = engineer("e1").noShifts().build().plan(job);
        verifier.verifyThat(PlanConstraints::shift).given(crew, job).penalizesBy(1);
    }

    @Test
    void waitsForTheShiftRatherThanArrivingOffShift() {
        Job job = new Job("t1", "A", List.of("UPS"), "P3", DAY + 2 * 60, Job.NO_TARGET, 60, Plans.NEAR);
        Crew crew = engineer("e1").build().plan(job);
        verifier.verifyThat(PlanConstraints::shift).given(crew, job).hasNoImpact();
    }

    @Test
    void penalisesEachDispatchBeyondCapacity() {
        Job a = job("a", "P3", Job.NO_TARGET);
        Job b = job("b", "P3", Job.NO_TARGET);
        Job c = job("c", "P3", Job.NO_TARGET);
        Crew crew = engineer("e1").capacity(1).build().plan(a).plan(b).plan(c);
        verifier.verifyThat(PlanConstraints::capacity).given(crew, a, b, c).penalizesBy(2);
    }

    @Test
    void givesASickEngineerNoCapacity() {
        Job a = job("a", "P3", Job.NO_TARGET);
        Crew crew = engineer("e1").sick().build().plan(a);
        verifier.verifyThat(PlanConstraints::capacity).given(crew, a).penalizesBy(1);
    }

    @Test
    void penalisesAnArrivalAfterTheBookedWindow() {
        Job first = new Job("first", "A", List.of("UPS"), "P3", EIGHT, Job.NO_TARGET, 180, Plans.FAR);
        Job booked = job("booked", "P3", Job.NO_TARGET).booked(EIGHT + 60, EIGHT + 120);
        Crew crew = engineer("e1").build().plan(first).plan(booked);
        verifier.verifyThat(PlanConstraints::appointment).given(crew, first, booked).penalizesBy(1);
    }

    @Test
    void waitsForABookedWindowThatOpensLater() {
        Job booked = job("booked", "P3", EIGHT + 300).booked(EIGHT + 240, EIGHT + 300);
        Crew crew = engineer("e1").build().plan(booked);
        verifier.verifyThat(PlanConstraints::appointment).given(crew, booked).hasNoImpact();
    }

    @Test
    void weighsAWaitingP1EightTimesAWaitingP4() {
        Job p1 = job("p1", "P1", EIGHT + 120);
        Job p4 = job("p4", "P4", EIGHT + 1440);
        verifier.verifyThat(PlanConstraints::unassigned).given(engineer("e1").build(), p1, p4)
                .penalizesBy(9 * PlanConstraints.UNASSIGNED_WEIGHT);
    }

    @Test
    void penalisesALateArrivalByPriorityAndMinutesLate() {
        // travel DEPOT→NEAR is 3 min, so the engineer arrives at 08:03, 3 min after a target of 08:00
        Job late = job("late", "P2", EIGHT);
        Crew crew = engineer("e1").build().plan(late);
        verifier.verifyThat(PlanConstraints::sla).given(crew, late).penalizesBy(4 * (PlanConstraints.LATE_BASE + 3));
    }

    @Test
    void leavesAnArrivalBeforeTheTargetUnpenalised() {
        Job onTime = job("onTime", "P1", EIGHT + 30);
        Crew crew = engineer("e1").build().plan(onTime);
        verifier.verifyThat(PlanConstraints::sla).given(crew, onTime).hasNoImpact();
    }

    @Test
    void countsTravelFromWhereTheEngineerIsThroughTheRoute() {
        Job near = job("near", "P3", Job.NO_TARGET);
        Job far = new Job("far", "A", List.of("UPS"), "P3", EIGHT, Job.NO_TARGET, 60, Plans.FAR);
        Crew crew = engineer("e1").build().plan(near).plan(far);
        long expected = Location.travelMinutes(Plans.DEPOT, Plans.NEAR, 30)
                + Location.travelMinutes(Plans.NEAR, Plans.FAR, 30);
        verifier.verifyThat(PlanConstraints::travel).given(crew, near, far).penalizesBy(expected);
    }

    @Test
    void penalisesTheSpreadOfTheDaysLoadOverTheEngineers() {
        Job job = job("t1", "P3", Job.NO_TARGET);
        Crew busy = engineer("busy").doneToday(4).build().plan(job);
        Crew idle = engineer("idle").build();
        // loads 5 and 0: deviations of 2.5 from the mean, sqrt(2 × 2.5²)
        verifier.verifyThat(PlanConstraints::fairness).given(busy, idle, job)
                .penalizesBy(Math.round(PlanConstraints.FAIRNESS_WEIGHT * Math.sqrt(12.5)));
    }

    @Test
    void costsNothingWhenEveryEngineerCarriesTheSameDay() {
        Job first = job("t1", "P3", Job.NO_TARGET);
        Job second = job("t2", "P3", Job.NO_TARGET);
        Crew one = engineer("one").doneToday(2).build().plan(first);
        Crew other = engineer("other").doneToday(2).build().plan(second);
        verifier.verifyThat(PlanConstraints::fairness).given(one, other, first, second).hasNoImpact();
    }

    @Test
    void leavesAnUnavailableEngineerOutOfTheSpread() {
        Job job = job("t1", "P3", Job.NO_TARGET);
        Crew working = engineer("working").build().plan(job);
        Crew sick = engineer("sick").sick().build();
        verifier.verifyThat(PlanConstraints::fairness).given(working, sick, job).hasNoImpact();
    }

    @Test
    void rewardsTheEngineerWhoWorkedTheAssetBefore() {
        Job job = job("t1", "P3", Job.NO_TARGET).workedBefore("e1");
        Crew crew = engineer("e1").build().plan(job);
        verifier.verifyThat(PlanConstraints::continuity).given(crew, job)
                .rewardsWith(PlanConstraints.CONTINUITY_REWARD);
    }

    @Test
    void rewardsTheCustomersPreferredEngineer() {
        Job job = job("t1", "P3", Job.NO_TARGET).preferring(Set.of("e1"));
        Crew crew = engineer("e1").build().plan(job);
        verifier.verifyThat(PlanConstraints::preference).given(crew, job)
                .rewardsWith(PlanConstraints.PREFERENCE_REWARD);
    }

    @Test
    void costsMovingWorkAnEngineerWasAlreadyGiven() {
        Job job = job("t1", "P3", Job.NO_TARGET).dispatchedTo("e2");
        Crew crew = engineer("e1").build().plan(job);
        verifier.verifyThat(PlanConstraints::stability).given(crew, job).penalizesBy(PlanConstraints.STABILITY_COST);
    }
}
