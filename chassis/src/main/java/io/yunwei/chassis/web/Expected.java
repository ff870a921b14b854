package io.yunwei.chassis.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a field of a request must hold, in words a caller can act on ({@code must be one of HIGH, MEDIUM, LOW}), for
 * a value that cannot be read as the field's type.
 */
final class Expected {

    /** Said when the type tells nothing more specific. */
    static final String ANY = "has a value of the wrong type or range";

    private Expected() {
    }

    static String message(Class<?> type) {
        if (type == null) {
            return ANY;
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.stream(type.getEnumConstants()).map(value -> ((Enum<?>) value).name())
                    .collect(Collectors.joining(", "));
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "must be a whole number in range";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class
                || type == BigDecimal.class) {
            return "must be a number";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (type == OffsetDateTime.class || type == ZonedDateTime.class || type == Instant.class) {
            return "must be a date and time with its offset (ISO 8601), such as 2026-11-25T09:30:00+08:00";
        }
        if (type == LocalDate.class) {
            return "must be a date (ISO 8601), such as 2026-11-25";
        }
        if (type == LocalTime.class) {
            return "must be a time of day (ISO 8601), such as 08:30";
        }
        if (type == Duration.class) {
            return "must be a duration (ISO 8601), such as PT4H";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "must be an object";
        }
        return ANY;
    }
}
