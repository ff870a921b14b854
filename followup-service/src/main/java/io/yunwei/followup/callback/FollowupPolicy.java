package io.yunwei.followup.callback;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.yunwei.chassis.time.BusinessCalendar;

/**
 * When follow-ups fall due.
 *
 * @param callbackAfter business time after closure when the satisfaction callback is due
 * @param callbackGrace how long a due callback may wait before it counts as overdue
 * @param revisitAfter calendar time after closure when the revisit is due
 * @param zone the call centre's time zone
 * @param dayStart start of the business day
 * @param dayEnd end of the business day
 * @param workdays the business days of the week
 * @param callbackAttempts how many unanswered calls expire a callback
 * @param callbackRetryAfter how long after an unanswered call the customer is called again
 * @param holidays dates the call centre does not call
 * @param makeUpDays dates it works although their weekday is not a business day (调休)
 */
@ConfigurationProperties("yunwei.followup")
public record FollowupPolicy(@DefaultValue("24h") Duration callbackAfter, @DefaultValue("4h") Duration callbackGrace,
        @DefaultValue("7d") Duration revisitAfter, @DefaultValue("Asia/Shanghai") ZoneId zone,
        @DefaultValue("09:00") LocalTime dayStart, @DefaultValue("18:00") LocalTime dayEnd,
        @DefaultValue({ "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY" }) Set<DayOfWeek> workdays,
        @DefaultValue("3") int callbackAttempts, @DefaultValue("2h") Duration callbackRetryAfter,
        Set<LocalDate> holidays, Set<LocalDate> makeUpDays) {

    /** The call centre's business calendar. */
    public BusinessCalendar calendar() {
        return new BusinessCalendar(zone, workdays, List.of(new BusinessCalendar.Hours(dayStart, dayEnd)), holidays,
                makeUpDays);
    }

    /** Adds business time: only the hours between day start and day end on the calendar's working days count. */
    /** When the satisfaction callback of a closure falls due: {@code callbackAfter} of working time later. */
    public Instant callbackDue(Instant closedAt) {
        return addBusinessTime(closedAt, callbackAfter);
    }

    /** When the revisit of a closure falls due: {@code revisitAfter} later, calendar time. */
    public Instant revisitDue(Instant closedAt) {
        return closedAt.plus(revisitAfter);
    }

    public Instant addBusinessTime(Instant from, Duration amount) {
        return calendar().plus(from, amount);
    }
}
