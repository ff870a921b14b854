package io.yunwei.chassis.time;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * When the service organisation works: daily working hours (with breaks between them, such as lunch), working
 * weekdays, holidays and make-up working days, in one time zone. SLA clocks and follow-up due times count only this
 * time.
 *
 * @param hours working periods of a working day, such as {@code 09:00-12:00} and {@code 13:30-18:00}
 * @param holidays dates off, whatever their weekday
 * @param makeUpDays dates worked although their weekday is not a working day, such as the Saturday or Sunday China
 *        works to bridge a public holiday (调休); a date both a holiday and a make-up day is off
 */
public record BusinessCalendar(ZoneId zone, Set<DayOfWeek> workingDays, List<Hours> hours, Set<LocalDate> holidays,
        Set<LocalDate> makeUpDays) {

    /** Round the clock, every day: the calendar of customers without a contract that names one. */
    public static final BusinessCalendar ROUND_THE_CLOCK = new BusinessCalendar(ZoneId.of("UTC"),
            EnumSet.allOf(DayOfWeek.class), List.of(), Set.of(), Set.of());

    /** Days searched for working time before giving up: a calendar with no working time at all is a mistake. */
    private static final int HORIZON_DAYS = 3_660;

    public BusinessCalendar {
        workingDays = workingDays == null || workingDays.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : Set.copyOf(workingDays);
        hours = hours == null ? List.of() : hours.stream().sorted(Comparator.comparing(Hours::from)).toList();
        holidays = holidays == null ? Set.of() : Set.copyOf(holidays);
        makeUpDays = makeUpDays == null ? Set.of() : Set.copyOf(makeUpDays);
    }

    /** Parses {@code HH:mm-HH:mm} periods. */
    public static BusinessCalendar of(ZoneId zone, Set<DayOfWeek> workingDays, List<String> hours, Set<LocalDate> holidays,
            Set<LocalDate> makeUpDays) {
        return new BusinessCalendar(zone, workingDays, hours == null ? List.of() : hours.stream().map(Hours::parse).toList(),
                holidays, makeUpDays);
    }

    private boolean roundTheClock() {
        return hours.isEmpty() && holidays.isEmpty() && workingDays.size() == 7;
    }

    /** Whether {@code day} is worked at all. */
    public boolean worksOn(LocalDate day) {
        return !holidays.contains(day) && (workingDays.contains(day.getDayOfWeek()) || makeUpDays.contains(day));
    }

    /** The instant at which {@code work} of working time has passed since {@code start}. */
    public Instant plus(Instant start, Duration work) {
        if (roundTheClock()) {
            return start.plus(work);
        }
        Duration remaining = work;
        LocalDate day = start.atZone(zone).toLocalDate();
        for (int i = 0; i < HORIZON_DAYS; i++, day = day.plusDays(1)) {
            for (Window window : windows(day)) {
                Instant from = window.from().isBefore(start) ? start : window.from();
                if (!from.isBefore(window.to())) {
                    continue;
                }
                Duration available = Duration.between(from, window.to());
                if (remaining.compareTo(available) <= 0) {
                    return from.plus(remaining);
                }
                remaining = remaining.minus(available);
            }
        }
        throw new IllegalStateException("The calendar has no working time within " + HORIZON_DAYS + " days.");
    }

    /** Working time between two instants (zero when {@code to} is not after {@code from}). */
    public Duration between(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        if (roundTheClock()) {
            return Duration.between(from, to);
        }
        Duration total = Duration.ZERO;
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            for (Window window : windows(day)) {
                Instant start = window.from().isBefore(from) ? from : window.from();
                Instant end = window.to().isAfter(to) ? to : window.to();
                if (start.isBefore(end)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
        }
        return total;
    }

    private List<Window> windows(LocalDate day) {
        if (!worksOn(day)) {
            return List.of();
        }
        if (hours.isEmpty()) {
            return List.of(new Window(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant()));
        }
        List<Window> windows = new ArrayList<>();
        for (Hours period : hours) {
            ZonedDateTime from = day.atTime(period.from()).atZone(zone);
            ZonedDateTime to = period.to().equals(LocalTime.MIDNIGHT) ? day.plusDays(1).atStartOfDay(zone)
                    : day.atTime(period.to()).atZone(zone);
            windows.add(new Window(from.toInstant(), to.toInstant()));
        }
        return windows;
    }

    /** One working period of a day; {@code to} of 00:00 means the end of the day. */
    public record Hours(LocalTime from, LocalTime to) {

        public static Hours parse(String text) {
            String[] parts = text.strip().split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("Working hours must look like 09:00-12:00, not " + text);
            }
            return new Hours(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip()));
        }
    }

    private record Window(Instant from, Instant to) {
    }
}
