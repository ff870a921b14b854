package io.yunwei.gateway.console;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * An engineer on the dispatcher's board: whether available, the areas they cover, their shift today (in their own
 * zone) or whether on call now, the dispatches they hold against their capacity, how many they were given today, and
 * today's appointments (in the call centre's zone).
 */
record EngineerOnBoard(String id, String name, boolean available, List<String> areas, List<String> backupAreas,
        List<String> shiftsToday, boolean aroundTheClock, boolean onCallNow, int load, int capacity, int today,
        List<Appointment> appointments) {

    /** A booked visit window of today, and the ticket it is for. */
    record Appointment(String from, String to, String ticketId) {
    }

    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("HH:mm");
    private static final ZoneId DISPATCH_DESK = ZoneId.of("Asia/Shanghai");

    /**
     * @param engineer the engineer as dispatch answers it
     * @param scheduled dispatches with a booked appointment, of every engineer
     */
    static EngineerOnBoard of(JsonNode engineer, List<JsonNode> scheduled, ZoneId zone, Clock clock) {
        String id = engineer.path("id").asString();
        Instant now = clock.instant();
        ZoneId own = zoneOf(engineer.path("zone"));
        DayOfWeek day = now.atZone(own).getDayOfWeek();
        List<String> shifts = new ArrayList<>();
        for (JsonNode shift : engineer.path("shifts")) {
            if (day.name().equals(shift.path("day").asString())) {
                shifts.add(hours(shift.path("start").asString()) + "–" + hours(shift.path("end").asString()));
            }
        }
        boolean onCallNow = false;
        for (JsonNode period : engineer.path("onCall")) {
            onCallNow |= !Instant.parse(period.path("from").asString()).isAfter(now)
                    && Instant.parse(period.path("to").asString()).isAfter(now);
        }
        boolean aroundTheClock = engineer.path("shifts").isEmpty() && engineer.path("onCall").isEmpty();
        // dispatch counts the day's dispatches on its desk's calendar day; its tally names only the latest of them
        int today = LocalDate.now(clock.withZone(DISPATCH_DESK)).toString().equals(engineer.path("tallyDay").asString(""))
                ? engineer.path("tallyCount").asInt(engineer.path("tally").size()) : 0;
        LocalDate localToday = LocalDate.now(clock.withZone(zone));
        List<Appointment> appointments = new ArrayList<>();
        for (JsonNode dispatch : scheduled) {
            JsonNode window = dispatch.path("appointment");
            if (id.equals(dispatch.path("engineerId").asString()) && window.path("windowStart").isString()
                    && Instant.parse(window.path("windowStart").asString()).atZone(zone).toLocalDate().equals(localToday)) {
                appointments.add(new Appointment(shown(window.path("windowStart"), zone),
                        shown(window.path("windowEnd"), zone), dispatch.path("ticketId").asString()));
            }
        }
        appointments.sort(Comparator.comparing(Appointment::from));
        return new EngineerOnBoard(id, engineer.path("name").asString(id), engineer.path("available").asBoolean(),
                strings(engineer.path("areas")), strings(engineer.path("backupAreas")), shifts, aroundTheClock,
                onCallNow, engineer.path("active").size(), engineer.path("capacity").asInt(), today, appointments);
    }

    private static ZoneId zoneOf(JsonNode zone) {
        try {
            return zone.isString() ? ZoneId.of(zone.asString()) : DISPATCH_DESK;
        } catch (DateTimeException e) {
            return DISPATCH_DESK;
        }
    }

    /** {@code 08:00:00} as {@code 08:00}. */
    private static String hours(String time) {
        return time.length() > 5 ? time.substring(0, 5) : time;
    }

    private static String shown(JsonNode instant, ZoneId zone) {
        return instant.isString() ? HOURS.format(Instant.parse(instant.asString()).atZone(zone)) : "";
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
