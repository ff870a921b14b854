package io.yunwei.intake.ticket;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;

/**
 * Response, arrival and resolution targets per priority, measured from the moment a ticket opens.
 *
 * @param response time to the engineer's acceptance
 * @param arrival time to the engineer's arrival on site
 * @param resolution time to the fault being resolved
 */
@ConfigurationProperties("yunwei.sla")
public record SlaPolicy(Map<Priority, Duration> response, Map<Priority, Duration> arrival,
        Map<Priority, Duration> resolution) {

    public SlaPolicy {
        response = withDefaults(response, "15m", "30m", "2h", "4h");
        arrival = withDefaults(arrival, "2h", "4h", "8h", "24h");
        resolution = withDefaults(resolution, "4h", "8h", "24h", "72h");
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

    public Sla dueFrom(Instant openedAt, Priority priority) {
        return new Sla(openedAt.plus(response.get(priority)), openedAt.plus(arrival.get(priority)),
                openedAt.plus(resolution.get(priority)));
    }

    public record Sla(Instant responseDue, Instant arrivalDue, Instant resolutionDue) {
    }
}
