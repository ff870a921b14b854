package io.yunwei.intake.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    private static final BusinessCalendar WORKDAYS = BusinessCalendar.of(ZoneId.of("Asia/Shanghai"),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), List.of("09:00-12:00", "13:30-18:00"),
            Set.of(LocalDate.parse("2026-12-31")));

    @Test
    void skipsTheLunchBreak() {
        assertThat(WORKDAYS.plus(at("2026-11-30T11:45"), Duration.ofMinutes(30))).isEqualTo(at("2026-11-30T13:45"));
    }

    @Test
    void carriesOverTheWeekendToMondayMorning() {
        assertThat(WORKDAYS.plus(at("2026-11-27T17:00"), Duration.ofHours(4))).isEqualTo(at("2026-11-30T12:00"));
    }

    @Test
    void startsCountingOnlyWhenWorkBegins() {
        assertThat(WORKDAYS.plus(at("2026-11-28T22:00"), Duration.ofMinutes(15))).isEqualTo(at("2026-11-30T09:15"));
    }

    @Test
    void skipsHolidays() {
        assertThat(WORKDAYS.plus(at("2026-12-30T17:30"), Duration.ofHours(1))).isEqualTo(at("2027-01-01T09:30"));
    }

    @Test
    void countsOnlyWorkingTimeBetweenTwoInstants() {
        assertThat(WORKDAYS.between(at("2026-11-27T11:00"), at("2026-11-30T10:00"))).isEqualTo(Duration.ofHours(6).plusMinutes(30));
        assertThat(WORKDAYS.between(at("2026-11-28T09:00"), at("2026-11-29T18:00"))).isZero();
    }

    @Test
    void countsRoundTheClockWithoutACalendar() {
        Instant start = at("2026-11-28T22:00");
        assertThat(BusinessCalendar.ROUND_THE_CLOCK.plus(start, Duration.ofHours(3))).isEqualTo(start.plus(Duration.ofHours(3)));
    }

    private static Instant at(String localShanghai) {
        return OffsetDateTime.parse(localShanghai + ":00+08:00").toInstant();
    }
}
