package io.yunwei.bench.sweep;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's circuit breakers as its Prometheus metrics show them: each route's state, and how many calls each has
 * counted as the service failing. Bad input is the client's doing, so a sweep must leave both unchanged.
 */
record Breakers(Map<String, String> states, Map<String, Double> failedCalls) {

    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    static Breakers parse(String metrics) {
        Map<String, String> states = new TreeMap<>();
        Map<String, Double> failed = new TreeMap<>();
        Matcher sample = SAMPLE.matcher(metrics);
        while (sample.find()) {
            Map<String, String> labels = new TreeMap<>();
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            double value = Double.parseDouble(sample.group(3));
            String name = labels.get("name");
            switch (sample.group(1)) {
                case "resilience4j_circuitbreaker_state" -> {
                    if (value == 1.0 && name != null) {
                        states.put(name, labels.get("state"));
                    }
                }
                case "resilience4j_circuitbreaker_calls_seconds_count" -> {
                    if ("failed".equals(labels.get("kind")) && name != null) {
                        failed.merge(name, value, Double::sum);
                    }
                }
                default -> {
                }
            }
        }
        return new Breakers(states, failed);
    }

    /** What went wrong between {@code before} and now, or null when every breaker is closed and none counted more. */
    String problemSince(Breakers before) {
        StringBuilder problems = new StringBuilder();
        states.forEach((name, state) -> {
            if (!"closed".equals(state)) {
                problems.append(problems.isEmpty() ? "" : "; ").append(name).append("'s circuit breaker is ")
                        .append(state);
            }
        });
        failedCalls.forEach((name, count) -> {
            double added = count - before.failedCalls.getOrDefault(name, 0.0);
            if (added > 0) {
                problems.append(problems.isEmpty() ? "" : "; ").append((long) added).append(" call(s) counted as ")
                        .append(name).append(" failing");
            }
        });
        return problems.isEmpty() ? null : problems.toString();
    }
}
