package io.yunwei.dispatch.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.yunwei.dispatch.assignment.Explanation.Candidate;
import io.yunwei.dispatch.assignment.Matchmaker.Need;
import io.yunwei.dispatch.engineer.Engineer;
import io.yunwei.dispatch.engineer.Engineer.OnCall;
import io.yunwei.dispatch.engineer.Engineer.Shift;
import io.yunwei.dispatch.engineer.Engineer.Skill;

class MatchmakerTest {

    /** A Wednesday, 10:00 in Shanghai. */
    private static final Instant NOW = Instant.parse("2026-11-25T02:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    private static final String AREA = "310115";

    private final Matchmaker matchmaker = new Matchmaker();

    @Test
    void rulesOutAnEngineerWhoseNextShiftStartsAfterTheArrivalTarget() {
        Engineer thursdays = engineer("thursdays").shifts(new Shift(DayOfWeek.THURSDAY, LocalTime.of(9, 0), LocalTime.of(18, 0))).build();

        Candidate candidate = only(matchmaker.rank(List.of(thursdays), need(NOW.plusSeconds(4 * 3600)), Set.of(), NOW, TODAY));

        assertThat(candidate.eligible()).isFalse();
        assertThat(candidate.ruledOutBecause()).singleElement().asString().startsWith("not on shift before the arrival target");
    }

    @Test
    void acceptsAnEngineerWhoseShiftStartsBeforeTheArrivalTargetButPrefersOneOnShiftNow() {
        Engineer afternoon = engineer("afternoon").shifts(new Shift(DayOfWeek.WEDNESDAY, LocalTime.of(13, 0), LocalTime.of(22, 0))).build();
        Engineer nightOwl = engineer("night-owl").shifts(new Shift(DayOfWeek.TUESDAY, LocalTime.of(22, 0), LocalTime.of(11, 0))).build();

        List<Candidate> ranked = matchmaker.rank(List.of(afternoon, nightOwl), need(NOW.plusSeconds(4 * 3600)), Set.of(), NOW, TODAY);

        assertThat(ranked).allSatisfy(c -> assertThat(c.eligible()).isTrue());
        assertThat(ranked.getFirst().engineerId()).isEqualTo("night-owl");
        assertThat(ranked.get(1).onShiftFrom()).isEqualTo(Instant.parse("2026-11-25T05:00:00Z"));
        assertThat(ranked.get(1).score().urgency()).isLessThan(ranked.getFirst().score().urgency());
    }

    @Test
    void countsAnOnCallPeriodAsBeingOnShift() {
        Engineer onCall = engineer("on-call").shifts(new Shift(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(18, 0)))
                .onCall(new OnCall(NOW.minusSeconds(3600), NOW.plusSeconds(3600))).build();

        assertThat(only(matchmaker.rank(List.of(onCall), need(NOW.plusSeconds(7200)), Set.of(), NOW, TODAY)).eligible()).isTrue();
    }

    @Test
    void prefersWhoeverTookFewerDispatchesToday() {
        Engineer busyDay = engineer("busy-day").tally(TODAY, "a", "b", "c").build();
        Engineer quietDay = engineer("quiet-day").build();

        List<Candidate> ranked = matchmaker.rank(List.of(busyDay, quietDay), need(null), Set.of(), NOW, TODAY);

        assertThat(ranked.getFirst().engineerId()).isEqualTo("quiet-day");
        assertThat(ranked.get(1).dispatchesToday()).isEqualTo(3);
        assertThat(ranked.get(1).score().fairness()).isEqualTo(6.0);
    }

    @Test
    void yesterdaysDispatchesDoNotCountAgainstFairness() {
        Engineer busyYesterday = engineer("busy-yesterday").tally(TODAY.minusDays(1), "a", "b").build();

        assertThat(only(matchmaker.rank(List.of(busyYesterday), need(null), Set.of(), NOW, TODAY)).dispatchesToday()).isZero();
    }

    @Test
    void considersBackupCoverageButPrefersTheAreasOwnEngineer() {
        Engineer backup = engineer("backup").areas("200001").backupAreas(AREA).build();
        Engineer local = engineer("local").build();
        Engineer elsewhere = engineer("elsewhere").areas("200001").build();

        List<Candidate> ranked = matchmaker.rank(List.of(backup, local, elsewhere), need(null), Set.of(), NOW, TODAY);

        assertThat(ranked).extracting(Candidate::engineerId).containsExactly("local", "backup");
        assertThat(ranked).extracting(Candidate::coverage).containsExactly("PRIMARY", "BACKUP");
        assertThat(Matchmaker.notCovering(List.of(backup, local, elsewhere), AREA)).isEqualTo(1);
    }

    @Test
    void theExplanationSaysWhyEveryEligibleLoserLost() {
        Engineer strong = engineer("strong").build();
        Engineer weak = engineer("weak").load(2).build();

        List<Candidate> ranked = matchmaker.rank(List.of(strong, weak), need(null), Set.of(), NOW, TODAY);
        Explanation explanation = new Explanation(ranked, null, null, 0).choosing("strong", "highest score");

        assertThat(explanation.candidates()).extracting(Candidate::lostBecause)
                .containsExactly(null, "lower score 59.3 than strong's 86.0");
    }

    private static Candidate only(List<Candidate> ranked) {
        assertThat(ranked).hasSize(1);
        return ranked.getFirst();
    }

    private static Need need(Instant arrivalDue) {
        return new Need(AREA, List.of("PRINTER"), arrivalDue, null);
    }

    private static EngineerBuilder engineer(String id) {
        return new EngineerBuilder(id);
    }

    /** Builds engineers covering the test area around the clock, with room for three dispatches. */
    private static final class EngineerBuilder {
        private final String id;
        private List<String> areas = List.of(AREA);
        private List<String> backupAreas = List.of();
        private List<Shift> shifts = List.of();
        private List<OnCall> onCall = List.of();
        private String tallyDay;
        private List<String> tally = List.of();
        private int load;

        EngineerBuilder(String id) {
            this.id = id;
        }

        EngineerBuilder areas(String... codes) {
            areas = List.of(codes);
            return this;
        }

        EngineerBuilder backupAreas(String... codes) {
            backupAreas = List.of(codes);
            return this;
        }

        EngineerBuilder shifts(Shift... weekly) {
            shifts = List.of(weekly);
            return this;
        }

        EngineerBuilder onCall(OnCall... periods) {
            onCall = List.of(periods);
            return this;
        }

        EngineerBuilder tally(LocalDate day, String... dispatches) {
            tallyDay = day.toString();
            tally = List.of(dispatches);
            return this;
        }

        EngineerBuilder load(int dispatches) {
            load = dispatches;
            return this;
        }

        Engineer build() {
            List<String> active = new ArrayList<>();
            for (int i = 0; i < load; i++) {
                active.add("d" + i);
            }
            return new Engineer(id, id, null, List.of(new Skill("PRINTER", 3)), areas, 3, true, active, NOW, backupAreas,
                    null, "Asia/Shanghai", shifts, onCall, tallyDay, tally);
        }
    }
}
