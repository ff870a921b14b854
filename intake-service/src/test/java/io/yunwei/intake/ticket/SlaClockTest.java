package io.yunwei.intake.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.intake.ticket.FaultRecord.Level;
import io.yunwei.intake.ticket.SlaPolicy.CalendarSpec;
import io.yunwei.intake.ticket.SlaPolicy.TierSpec;
import io.yunwei.intake.ticket.Ticket.Recording;

/** The SLA clock of one ticket, driven with fixed instants in a working-hours calendar (P2: 30 min, 4 h, 8 h; GOLD responds to P2 within 15 min). */
class SlaClockTest {

    private static final Map<String, CalendarSpec> CALENDARS = Map.of("CN-STANDARD",
            new CalendarSpec(ZoneId.of("Asia/Shanghai"), EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                    List.of("09:00-12:00", "13:30-18:00"), Set.of(), Set.of()));
    private static final SlaPolicy POLICY = new SlaPolicy(null, null, null, CALENDARS,
            Map.of("GOLD", new TierSpec(Map.of(Priority.P2, Duration.ofMinutes(15)), null, null)), 0.8);

    private long sequence;

    @Test
    void countsTheTargetsInWorkingTimeAcrossTheWeekend() {
        Ticket ticket = openAt("2026-11-27T17:00");

        assertThat(ticket.sla().responseDue()).isEqualTo(at("2026-11-27T17:30"));
        assertThat(ticket.sla().arrivalDue()).isEqualTo(at("2026-11-30T12:00"));
    }

    @Test
    void pausesWhileTheCustomerDecidesAcrossTheLunchBreakAndResumesAfterwards() {
        Ticket ticket = openAt("2026-11-30T10:00");
        assertThat(ticket.sla().resolutionDue()).isEqualTo(at("2026-12-01T10:30"));
        follow(ticket, "field.events", InboundEvents.VISIT_CHECKED_IN, "2026-11-30T10:40");

        follow(ticket, "field.events", InboundEvents.VISIT_DECISION_REQUESTED, "2026-11-30T11:00");
        assertThat(ticket.slaClock().pausedSince()).isEqualTo(at("2026-11-30T11:00"));
        assertThat(ticket.checkSla(at("2026-12-05T00:00"), POLICY)).isFalse();
        follow(ticket, "field.events", InboundEvents.VISIT_DECISION_RECORDED, "2026-11-30T14:00");

        assertThat(ticket.slaClock().pauses()).containsExactly(new SlaClock.Pause(at("2026-11-30T11:00"), at("2026-11-30T14:00")));
        assertThat(ticket.sla().resolutionDue()).isEqualTo(at("2026-12-01T12:00"));
        assertThat(ticket.slaClock().met()).containsExactly(SlaTarget.RESPONSE, SlaTarget.ARRIVAL);
    }

    @Test
    void warnsAndThenReportsABreachOnceEach() {
        Ticket ticket = openAt("2026-11-30T10:00");

        assertThat(ticket.checkSla(at("2026-11-30T10:23"), POLICY)).isFalse();
        assertThat(ticket.checkSla(at("2026-11-30T10:24"), POLICY)).isTrue();
        assertThat(ticket.slaClock().warned()).containsExactly(SlaTarget.RESPONSE);
        ticket.checkSla(at("2026-11-30T10:25"), POLICY);
        assertThat(ticket.checkSla(at("2026-11-30T10:30"), POLICY)).isTrue();

        assertThat(ticket.slaClock().breached()).containsExactly(SlaTarget.RESPONSE);
        assertThat(ticket.timeline()).extracting(TimelineEntry::type)
                .containsSubsequence(TicketEvents.SLA_WARNING, TicketEvents.SLA_BREACHED)
                .filteredOn(type -> type.startsWith("ticket.sla")).hasSize(2);
    }

    @Test
    void stopsTheResponseClockWhenTheEngineerAccepts() {
        Ticket ticket = openAt("2026-11-30T10:00");
        follow(ticket, "dispatch.events", InboundEvents.DISPATCH_ASSIGNED, "2026-11-30T10:05");
        follow(ticket, "dispatch.events", InboundEvents.DISPATCH_ACCEPTED, "2026-11-30T10:10");

        ticket.checkSla(at("2026-11-30T10:30"), POLICY);

        assertThat(ticket.slaClock().breached()).doesNotContain(SlaTarget.RESPONSE);
        assertThat(ticket.slaClock().nextCheckAt()).isAfter(at("2026-11-30T10:30"));
    }

    @Test
    void givesAGoldContractItsOwnTargetAndKeepsTheOthers() {
        Ticket ticket = openAt("2026-11-30T10:00", "GOLD");

        assertThat(ticket.sla().responseDue()).isEqualTo(at("2026-11-30T10:15"));
        assertThat(ticket.sla().arrivalDue()).isEqualTo(at("2026-11-30T15:30"));
    }

    @Test
    void reappliesAChangedPolicyWithoutLosingThePausedTime() {
        Ticket ticket = openAt("2026-11-30T10:00");
        follow(ticket, "field.events", InboundEvents.VISIT_CHECKED_IN, "2026-11-30T10:40");
        follow(ticket, "field.events", InboundEvents.VISIT_DECISION_REQUESTED, "2026-11-30T11:00");
        follow(ticket, "field.events", InboundEvents.VISIT_DECISION_RECORDED, "2026-11-30T14:00");
        SlaPolicy slower = new SlaPolicy(null, null, Map.of(Priority.P2, Duration.ofHours(10)), CALENDARS, null, 0.8);

        ticket.reapplySla(slower, "resolution target of P2 raised to 10 h", "supervisor", at("2026-11-30T15:00"));

        assertThat(ticket.sla().resolutionDue()).isEqualTo(at("2026-12-01T15:30"));
        assertThat(ticket.timeline()).extracting(TimelineEntry::type).contains(TicketEvents.SLA_REAPPLIED);
    }

    private Ticket openAt(String localShanghai) {
        return openAt(localShanghai, null);
    }

    private Ticket openAt(String localShanghai, String tier) {
        FaultRecord fault = new FaultRecord(new FaultRecord.When(at(localShanghai)), new FaultRecord.Who("王工", null),
                new FaultRecord.Where("机房"), new FaultRecord.What("UPS 告警", List.of()), new FaultRecord.Why("电池老化"),
                new FaultRecord.How("巡检", Level.HIGH, Level.MEDIUM));
        Ticket ticket = Ticket.record(UUID.randomUUID().toString(), "YW-1", new Recording(Channel.INSPECTION, "acme", "hq",
                "310115", List.of(), List.of(), null, null, fault, "engineer", null, List.of(), null, new SlaPolicy.Terms("CN-STANDARD", tier), null),
                at(localShanghai), POLICY);
        assertThat(ticket.status()).isEqualTo(TicketStatus.OPEN);
        return ticket;
    }

    private void follow(Ticket ticket, String topic, String type, String localShanghai) {
        ticket.follow(new InboundEvent(UUID.randomUUID().toString(), type, "/yunwei/test", ticket.id(), ++sequence,
                at(localShanghai), topic, "{\"engineerId\":\"eng-wang\"}"), at(localShanghai), POLICY);
    }

    private static Instant at(String localShanghai) {
        return OffsetDateTime.parse(localShanghai + ":00+08:00").toInstant();
    }
}
