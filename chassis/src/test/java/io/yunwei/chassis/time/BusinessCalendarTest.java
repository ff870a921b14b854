package io.yunwei.chassis.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    private static final BusinessCalendar WORKDAYS = BusinessCalendar.of(ZoneId.of("Asia/Shanghai"),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), List.of("09:00-12:00", "13:30-18:00"),
            Set.of(LocalDate.parse("2026-12-31")), Set.of());

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

    /** A National Day week: 1–7 October off, Sunday 27 September and Saturday 10 October worked. */
    private static final BusinessCalendar NATIONAL_DAY = BusinessCalendar.of(ZoneId.of("Asia/Shanghai"),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), List.of("09:00-18:00"),
            Set.of(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-02"), LocalDate.parse("2026-10-05"),
                    LocalDate.parse("2026-10-06"), LocalDate.parse("2026-10-07")),
            Set.of(LocalDate.parse("2026-09-27"), LocalDate.parse("2026-10-10")));

    @Test
    void worksTheMakeUpDaysThatBridgeAHoliday() {
        // Saturday 26 September is off; Sunday 27 September is worked
        assertThat(NATIONAL_DAY.plus(at("2026-09-26T10:00"), Duration.ofHours(1))).isEqualTo(at("2026-09-27T10:00"));
        // from the last hour of 30 September, the next working hours are on Thursday 8 October
        assertThat(NATIONAL_DAY.plus(at("2026-09-30T17:00"), Duration.ofHours(2))).isEqualTo(at("2026-10-08T10:00"));
        // Friday 17:00 to Monday 10:00 holds a whole working Saturday
        assertThat(NATIONAL_DAY.between(at("2026-10-09T17:00"), at("2026-10-12T10:00"))).isEqualTo(Duration.ofHours(11));
    }

    @Test
    void refusesACalendarWithoutWorkingTimeInsteadOfSearchingForever() {
        BusinessCalendar never = BusinessCalendar.of(ZoneId.of("Asia/Shanghai"), EnumSet.of(DayOfWeek.MONDAY),
                List.of("09:00-18:00"), Stream.iterate(LocalDate.parse("2026-01-05"), d -> d.plusWeeks(1))
                        .limit(600).collect(Collectors.toSet()), Set.of());

        assertThatThrownBy(() -> never.plus(at("2026-01-01T09:00"), Duration.ofHours(1)))
                .isInstanceOf(IllegalStateException.class);
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
