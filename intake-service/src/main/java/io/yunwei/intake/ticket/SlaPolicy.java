package io.yunwei.intake.ticket;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;

import io.yunwei.chassis.time.BusinessCalendar;

/**
 * Response, arrival and resolution targets per priority, counted in working time of the customer's business
 * calendar from the moment a ticket opens, with time paused while the customer decides left out.
 *
 * @param response time to the engineer's acceptance or first contact with the customer
 * @param arrival time to the engineer's arrival on site
 * @param resolution time to the fault being resolved
 * @param calendars business calendars by name, as a contract names them; unknown or no name means round the clock
 * @param tiers targets of SLA tiers (as a contract names them) that differ from the ones above
 * @param warningShare the share of a target after which a warning goes out
 */
@ConfigurationProperties("yunwei.sla")
public record SlaPolicy(Map<Priority, Duration> response, Map<Priority, Duration> arrival,
        Map<Priority, Duration> resolution, Map<String, CalendarSpec> calendars, Map<String, TierSpec> tiers,
        Double warningShare) {

    public SlaPolicy {
        response = withDefaults(response, "15m", "30m", "2h", "4h");
        arrival = withDefaults(arrival, "2h", "4h", "8h", "24h");
        resolution = withDefaults(resolution, "4h", "8h", "24h", "72h");
        calendars = calendars == null ? Map.of() : Map.copyOf(calendars);
        tiers = tiers == null ? Map.of() : Map.copyOf(tiers);
        warningShare = warningShare == null ? 0.8 : warningShare;
        if (warningShare <= 0 || warningShare >= 1) {
            throw new IllegalArgumentException("yunwei.sla.warning-share must lie between 0 and 1.");
        }
    }

    private static Map<Priority, Duration> withDefaults(Map<Priority, Duration> configured, String... defaults) {
        Map<Priority, Duration> targets = new EnumMap<>(Priority.class);
        for (Priority priority : Priority.values()) {
            targets.put(priority, DurationStyle.detectAndParse(defaults[priority.ordinal()]));
        }
        if (configured != null) {
            targets.putAll(configured);
        }
        return Map.copyOf(targets);
    }

    public BusinessCalendar calendar(String name) {
        CalendarSpec spec = name == null ? null : calendars.get(name);
        return spec == null ? BusinessCalendar.ROUND_THE_CLOCK : spec.calendar();
    }

    /** The tier's own target where it sets one, otherwise the general one. */
    public Duration target(SlaTarget target, Priority priority, String tier) {
        TierSpec spec = tier == null ? null : tiers.get(tier);
        Map<Priority, Duration> own = spec == null ? null : switch (target) {
            case RESPONSE -> spec.response();
            case ARRIVAL -> spec.arrival();
            case RESOLUTION -> spec.resolution();
        };
        if (own != null && own.containsKey(priority)) {
            return own.get(priority);
        }
        return switch (target) {
            case RESPONSE -> response.get(priority);
            case ARRIVAL -> arrival.get(priority);
            case RESOLUTION -> resolution.get(priority);
        };
    }

    /** When each target falls due, {@code paused} working time later than it would without the pauses. */
    public Sla due(Terms terms, Instant openedAt, Priority priority, Duration paused) {
        BusinessCalendar calendar = calendar(terms.calendar());
        Map<SlaTarget, Instant> due = new HashMap<>();
        for (SlaTarget target : SlaTarget.values()) {
            due.put(target, calendar.plus(openedAt, target(target, priority, terms.tier()).plus(paused)));
        }
        return new Sla(due.get(SlaTarget.RESPONSE), due.get(SlaTarget.ARRIVAL), due.get(SlaTarget.RESOLUTION));
    }

    /** When the warning for a target goes out: at {@code warningShare} of it, pauses left out. */
    public Instant warningAt(SlaTarget target, Terms terms, Instant openedAt, Priority priority, Duration paused) {
        Duration share = Duration.ofMillis(Math.round(target(target, priority, terms.tier()).toMillis() * warningShare));
        return calendar(terms.calendar()).plus(openedAt, share.plus(paused));
    }

    /** What the customer's contract says about the clock: the calendar it counts in and the SLA tier. */
    public record Terms(String calendar, String tier) {

        public static final Terms NONE = new Terms(null, null);
    }

    /** Targets of one SLA tier; a priority it does not list keeps the general target. */
    public record TierSpec(Map<Priority, Duration> response, Map<Priority, Duration> arrival,
            Map<Priority, Duration> resolution) {
    }

    public record Sla(Instant responseDue, Instant arrivalDue, Instant resolutionDue) {

        public Instant dueOf(SlaTarget target) {
            return switch (target) {
                case RESPONSE -> responseDue;
                case ARRIVAL -> arrivalDue;
                case RESOLUTION -> resolutionDue;
            };
        }
    }

    /**
     * A business calendar as configured: {@code zone}, {@code working-days} (default Monday to Friday),
     * {@code hours} as {@code HH:mm-HH:mm} periods, {@code holidays} as dates, {@code make-up-days} as the dates
     * worked although their weekday is not (调休).
     */
    public record CalendarSpec(ZoneId zone, Set<DayOfWeek> workingDays, List<String> hours, Set<LocalDate> holidays,
            Set<LocalDate> makeUpDays) {

        public CalendarSpec {
            zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
            workingDays = workingDays == null || workingDays.isEmpty() ? Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                    DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY) : Set.copyOf(workingDays);
            hours = hours == null ? List.of() : List.copyOf(hours);
            holidays = holidays == null ? Set.of() : Set.copyOf(holidays);
            makeUpDays = makeUpDays == null ? Set.of() : Set.copyOf(makeUpDays);
        }

        BusinessCalendar calendar() {
            return BusinessCalendar.of(zone, workingDays, hours, holidays, makeUpDays);
        }
    }
}
