package io.yunwei.gateway.console;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import tools.jackson.databind.JsonNode;

/** Times as the phone's pages show them, in the console's zone: the API answers in UTC instants. */
public final class PhoneTimes {

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter LOCAL_INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private final ZoneId zone;
    private final Clock clock;

    PhoneTimes(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
    }

    /** {@code 11-25 10:00}. */
    public String dayTime(JsonNode instant) {
        return DAY_TIME.format(at(instant));
    }

    /** {@code 10:00}. */
    public String time(JsonNode instant) {
        return TIME.format(at(instant));
    }

    /** Now, as a {@code datetime-local} field takes it. */
    public String nowInput() {
        return LOCAL_INPUT.format(ZonedDateTime.now(clock.withZone(zone)));
    }

    private ZonedDateTime at(JsonNode instant) {
        return Instant.parse(instant.asString()).atZone(zone);
    }
}
