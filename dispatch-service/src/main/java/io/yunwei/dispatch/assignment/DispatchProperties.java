package io.yunwei.dispatch.assignment;

import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Dispatch rules: how long an engineer has to accept per priority, how many refusals (declines and expired
 * acceptance windows) a ticket takes before a dispatcher must step in, how often overdue acceptances are swept
 * and how long a sweeper may hold a ticket, and the zone whose calendar day the fairness tally counts.
 */
@ConfigurationProperties("yunwei.dispatch")
public record DispatchProperties(Map<String, Duration> acceptanceWindow, @DefaultValue("3") int maxFailures,
        @DefaultValue("15s") Duration sweepInterval, @DefaultValue("1m") Duration sweepLease,
        @DefaultValue("Asia/Shanghai") ZoneId zone) {

    public DispatchProperties {
        Map<String, Duration> windows = new HashMap<>(Map.of("P1", Duration.ofMinutes(10), "P2",
                Duration.ofMinutes(20), "P3", Duration.ofMinutes(30), "P4", Duration.ofMinutes(60)));
        if (acceptanceWindow != null) {
            windows.putAll(acceptanceWindow);
        }
        acceptanceWindow = Map.copyOf(windows);
    }

    /** An unknown priority gets the most lenient window. */
    Duration windowFor(String priority) {
        return acceptanceWindow.getOrDefault(priority == null ? "P4" : priority,
                acceptanceWindow.values().stream().max(Duration::compareTo).orElse(Duration.ofHours(1)));
    }
}
