package io.yunwei.followup.callback;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
 */
@ConfigurationProperties("yunwei.followup")
public record FollowupPolicy(@DefaultValue("24h") Duration callbackAfter, @DefaultValue("4h") Duration callbackGrace,
        @DefaultValue("7d") Duration revisitAfter, @DefaultValue("Asia/Shanghai") ZoneId zone,
        @DefaultValue("09:00") LocalTime dayStart, @DefaultValue("18:00") LocalTime dayEnd,
        @DefaultValue({ "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY" }) Set<DayOfWeek> workdays,
        @DefaultValue("3") int callbackAttempts, @DefaultValue("2h") Duration callbackRetryAfter) {

    /** Adds business time: only the hours between day start and day end on workdays count. */
    public Instant addBusinessTime(Instant from, Duration amount) {
        ZonedDateTime at = from.atZone(zone);
        Duration left = amount;
        while (true) {
            if (!workdays.contains(at.getDayOfWeek()) || !at.toLocalTime().isBefore(dayEnd)) {
                at = at.toLocalDate().plusDays(1).atTime(dayStart).atZone(zone);
                continue;
            }
            if (at.toLocalTime().isBefore(dayStart)) {
                at = at.toLocalDate().atTime(dayStart).atZone(zone);
            }
            Duration today = Duration.between(at.toLocalTime(), dayEnd);
            if (left.compareTo(today) <= 0) {
                return at.plus(left).toInstant();
            }
            left = left.minus(today);
            at = at.toLocalDate().plusDays(1).atTime(dayStart).atZone(zone);
        }
    }
}
