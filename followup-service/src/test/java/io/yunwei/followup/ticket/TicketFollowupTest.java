package io.yunwei.followup.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.followup.ticket.FollowupEvents.ProgressReport;
import io.yunwei.followup.ticket.TicketFollowup.CallbackOutcome;
import io.yunwei.followup.ticket.TicketFollowup.CallbackResult;
import io.yunwei.followup.ticket.TicketFollowup.Recorder;
import io.yunwei.followup.ticket.TicketFollowup.RevisitResult;
import io.yunwei.followup.ticket.TicketFollowup.SupervisorNotice;
import io.yunwei.followup.ticket.TicketFollowup.TaskStatus;
import io.yunwei.followup.callback.FollowupPolicy;

class TicketFollowupTest {

    private static final FollowupPolicy POLICY = new FollowupPolicy(Duration.ofHours(24), Duration.ofHours(4),
            Duration.ofDays(7), ZoneId.of("Asia/Shanghai"), LocalTime.of(9, 0), LocalTime.of(18, 0),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 3, Duration.ofHours(2), Set.of(), Set.of());
    private static final Instant CLOSED = Instant.parse("2026-11-02T01:00:00Z");
    private static final Instant LATER = Instant.parse("2026-11-20T01:00:00Z");
    private static final Recorder AGENT = new Recorder("agent", null);

    private final TicketFollowup followup = closedOnce();

    @Test
    void refusesTheEngineerWhoDidTheWorkByEngineerClaimOrSubject() {
        assertThatThrownBy(() -> followup.recordCallback("t-C1", reached(true), new Recorder("agent-9", "eng-wang"), 3,
                LATER, LATER)).isInstanceOfSatisfying(ApiProblem.class,
                        p -> assertThat(p.code()).isEqualTo("OWN_WORK_FOLLOWUP"));
        assertThatThrownBy(() -> followup.recordRevisit("t-R1", RevisitResult.STABLE, null, new Recorder("eng-wang", null),
                LATER)).isInstanceOf(ApiProblem.class);
    }

    @Test
    void aRecurrenceReopensOncePerCycleAndCancelsTheRestOfThatCycle() {
        assertThat(followup.recordCallback("t-C1", reached(false), AGENT, 3, LATER, LATER))
                .isEqualTo(CallbackResult.RECURRED);

        assertThat(followup.revisits().getFirst().status()).isEqualTo(TaskStatus.CANCELLED);
        assertThatThrownBy(() -> followup.recordRevisit("t-R1", RevisitResult.RECURRED, "again", AGENT, LATER))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo("FOLLOWUP_FINISHED"));
    }

    @Test
    void announcesEachAttemptOnceAndWaitsForTheRetryTime() {
        assertThat(followup.fallDue("t-C1", LATER)).isEmpty();
        assertThat(followup.fallDue("t-C1", LATER)).isEmpty();
        assertThat(followup.callbacks().getFirst().announcedAttempt()).isEqualTo(1);

        Instant retryAt = LATER.plus(Duration.ofHours(2));
        followup.recordCallback("t-C1", new CallbackOutcome(false, null, null, null), AGENT, 3, retryAt, LATER);

        assertThat(followup.fallDue("t-C1", LATER)).contains(retryAt);
        assertThat(followup.fallDue("t-C1", retryAt)).isEmpty();
        assertThat(followup.callbacks().getFirst().announcedAttempt()).isEqualTo(2);
    }

    @Test
    void theSameClosureNeverStartsASecondCycle() {
        assertThat(followup.closed("acme", "eng-wang", 1, CLOSED, POLICY.callbackDue(CLOSED), POLICY.revisitDue(CLOSED),
                LATER)).isFalse();
        assertThat(followup.callbacks()).hasSize(1);
    }

    @Test
    void notifiesTheSupervisorOncePerCycleAndRemembersTheAcknowledgement() {
        assertThat(followup.notifySupervisor(notice(1))).isTrue();
        assertThat(followup.notifySupervisor(notice(1))).isFalse();
        assertThat(followup.notifySupervisor(notice(2))).isTrue();

        assertThat(followup.acknowledge("t-S1", "sup", LATER).acknowledgedAt()).isEqualTo(LATER);
        assertThat(followup.acknowledge("t-S1", "other", LATER.plusSeconds(60)).acknowledgedBy()).isEqualTo("sup");
        assertThat(followup.supervisorNotices()).extracting(SupervisorNotice::acknowledgedAt).containsExactly(LATER, null);
    }

    private static SupervisorNotice notice(int cycle) {
        return new SupervisorNotice("t-S" + cycle, cycle, "sup", "DEFAULT", "YW-1", "acme", "RESOLVED", "eng-wang",
                List.of(new ProgressReport("COMPLETED", "t-V1", CLOSED, "RESOLVED")), CLOSED, CLOSED, LATER, null, null);
    }

    private static CallbackOutcome reached(boolean fixed) {
        return new CallbackOutcome(true, fixed ? 5 : 2, fixed, fixed ? "好" : "又坏了");
    }

    private static TicketFollowup closedOnce() {
        TicketFollowup followup = new TicketFollowup("t");
        followup.closed("acme", "eng-wang", 1, CLOSED, POLICY.callbackDue(CLOSED), POLICY.revisitDue(CLOSED), CLOSED);
        return followup;
    }
}
