package io.yunwei.dispatch.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.yunwei.dispatch.assignment.TicketDispatch.Appointment;
import io.yunwei.dispatch.assignment.TicketDispatch.Dispatch;
import io.yunwei.dispatch.assignment.TicketDispatch.DispatchStatus;

class TicketDispatchTest {

    private static final Instant NOW = Instant.parse("2026-11-25T02:00:00Z");
    private static final Instant ARRIVAL_DUE = NOW.plusSeconds(4 * 3600);

    TicketDispatch file;
    Dispatch dispatch;

    @BeforeEach
    void assigned() {
        file = new TicketDispatch("t-1");
        file.ticketNeedsEngineer("acme", "hq", "310115", List.of("PRINTER"), "P2", ARRIVAL_DUE, 1, null, null, null);
        dispatch = file.assign("e-1", "王工", "t-1-D1@x.1", new Explanation(List.of(), null, "by hand", 0), NOW,
                NOW.plusSeconds(600), null);
    }

    @Test
    void anAcceptedDispatchNeverExpires() {
        file.accept(dispatch.id(), NOW.plusSeconds(60));

        assertThat(file.expire(dispatch.id(), NOW.plusSeconds(3600))).isEmpty();
        assertThat(file.failures()).isZero();
    }

    @Test
    void aDispatchExpiresOnlyOnceItsWindowHasPassed() {
        assertThat(file.expire(dispatch.id(), NOW.plusSeconds(599))).isEmpty();
        assertThat(file.expire(dispatch.id(), NOW.plusSeconds(600))).map(Dispatch::status).contains(DispatchStatus.EXPIRED);
        assertThat(file.expire(dispatch.id(), NOW.plusSeconds(700))).isEmpty();
        assertThat(file.failures()).isEqualTo(1);
    }

    @Test
    void countsTheEngineerHoldingTheTicketAsTriedButNotAsRefusing() {
        file.expire(dispatch.id(), NOW.plusSeconds(600));
        file.assign("e-2", "李工", "t-1-D2@x.1", new Explanation(List.of(), null, "by hand", 0), NOW.plusSeconds(600),
                NOW.plusSeconds(1200), null);

        assertThat(file.triedThisCycle()).containsExactly("e-1", "e-2");
        assertThat(file.refusedThisCycle()).containsExactly("e-1");
    }

    @Test
    void remembersTheVisitUnderWayUntilItEnds() {
        file.accept(dispatch.id(), NOW);
        file.checkedIn(dispatch.id(), NOW.plusSeconds(1800));

        assertThat(file.onSite()).map(TicketDispatch.OnSite::since).contains(NOW.plusSeconds(1800));
        file.visitEnded(dispatch.id());
        assertThat(file.onSite()).isEmpty();
    }

    @Test
    void refusesAnAppointmentBeforeTheDispatchIsAccepted() {
        assertThatThrownBy(() -> file.book(dispatch.id(), window(NOW.plusSeconds(3600), false), NOW))
                .hasFieldOrPropertyWithValue("code", "ILLEGAL_TRANSITION");
    }

    @Test
    void refusesAWindowEndingAfterTheArrivalTargetUnlessTheCustomerAskedForLater() {
        file.accept(dispatch.id(), NOW);

        assertThatThrownBy(() -> file.book(dispatch.id(), window(ARRIVAL_DUE, false), NOW))
                .hasFieldOrPropertyWithValue("code", "APPOINTMENT_AFTER_ARRIVAL_TARGET");
        assertThat(file.book(dispatch.id(), window(ARRIVAL_DUE, true), NOW).status()).isEqualTo(DispatchStatus.SCHEDULED);
    }

    @Test
    void reschedulingKeepsEveryEarlierWindow() {
        file.accept(dispatch.id(), NOW);
        file.book(dispatch.id(), window(NOW.plusSeconds(3600), false), NOW);

        Dispatch moved = file.book(dispatch.id(), window(NOW.plusSeconds(7200), false), NOW.plusSeconds(60));

        assertThat(moved.appointments()).extracting(Appointment::windowStart)
                .containsExactly(NOW.plusSeconds(3600), NOW.plusSeconds(7200));
    }

    @Test
    void theNextCandidateExcludesEveryoneWhoRefusedOrCarriesTheTicketThisCycle() {
        file.decline(dispatch.id(), "病假", NOW);
        file.assign("e-2", "李工", "t-1-D2@x.1", new Explanation(List.of(), null, "next", 0), NOW, NOW.plusSeconds(600), null);

        assertThat(file.triedThisCycle()).containsExactlyInAnyOrder("e-1", "e-2");
    }

    private static Appointment window(Instant start, boolean customerRequestedLater) {
        return new Appointment(start, start.plusSeconds(3600), "张三", "+86 139 0000 0000", "您好，工程师将于约定时间上门。",
                customerRequestedLater, "dispatcher", null);
    }
}
