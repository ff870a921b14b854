package io.yunwei.followup.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FollowupPolicyTest {

    private final FollowupPolicy policy = new FollowupPolicy(Duration.ofHours(24), Duration.ofHours(4),
            Duration.ofDays(7), ZoneId.of("Asia/Shanghai"), LocalTime.of(9, 0), LocalTime.of(18, 0),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 3, Duration.ofHours(2), Set.of(), Set.of());

    @Test
    void countsOnlyWorkingHoursOfWorkdays() {
        // Friday 17:00: 1 h on Friday, 9 h Monday, 9 h Tuesday, 5 h Wednesday
        OffsetDateTime closed = OffsetDateTime.parse("2026-11-27T17:00:00+08:00");

        assertThat(policy.addBusinessTime(closed.toInstant(), Duration.ofHours(24)))
                .isEqualTo(OffsetDateTime.parse("2026-12-02T14:00:00+08:00").toInstant());
    }

    @Test
    void skipsHolidaysAndCallsOnMakeUpWorkingDays() {
        FollowupPolicy nationalDay = new FollowupPolicy(Duration.ofHours(24), Duration.ofHours(4), Duration.ofDays(7),
                ZoneId.of("Asia/Shanghai"), LocalTime.of(9, 0), LocalTime.of(18, 0),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 3, Duration.ofHours(2),
                Set.of(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-02"), LocalDate.parse("2026-10-05"),
                        LocalDate.parse("2026-10-06"), LocalDate.parse("2026-10-07")),
                Set.of(LocalDate.parse("2026-10-10")));

        // Wednesday 17:00: 1 h that day, then nothing until Thursday 8 October
        assertThat(nationalDay.addBusinessTime(OffsetDateTime.parse("2026-09-30T17:00:00+08:00").toInstant(),
                Duration.ofHours(12))).isEqualTo(OffsetDateTime.parse("2026-10-09T11:00:00+08:00").toInstant());
        // Friday 17:00: 1 h that day, then the make-up Saturday
        assertThat(nationalDay.addBusinessTime(OffsetDateTime.parse("2026-10-09T17:00:00+08:00").toInstant(),
                Duration.ofHours(3))).isEqualTo(OffsetDateTime.parse("2026-10-10T11:00:00+08:00").toInstant());
    }

    @Test
    void startsCountingAtTheNextBusinessMorningWhenClosedAtNight() {
        OffsetDateTime closed = OffsetDateTime.parse("2026-11-25T22:30:00+08:00");

        assertThat(policy.addBusinessTime(closed.toInstant(), Duration.ofHours(2)))
                .isEqualTo(OffsetDateTime.parse("2026-11-26T11:00:00+08:00").toInstant());
    }
}
