package io.yunwei.chassis.events;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.MDC;

/**
 * The request id that ties together everything one caller's request caused: it arrives as {@code X-Request-Id},
 * sits in the logging context while the request or an event it caused is handled, and travels in the
 * {@code x-request-id} header of every event raised meanwhile, from service to service.
 */
public final class Correlation {

    public static final String HTTP_HEADER = "X-Request-Id";
    public static final String EVENT_HEADER = "x-request-id";
    public static final String LOG_KEY = "requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Correlation() {
    }

    /** The caller's id if it is sane, else a new one. */
    public static String accept(String offered) {
        return offered != null && SANE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    public static Optional<String> current() {
        return Optional.ofNullable(MDC.get(LOG_KEY));
    }

    public static void set(String requestId) {
        if (requestId == null) {
            MDC.remove(LOG_KEY);
        } else {
            MDC.put(LOG_KEY, requestId);
        }
    }

    public static void clear() {
        MDC.remove(LOG_KEY);
    }
}
