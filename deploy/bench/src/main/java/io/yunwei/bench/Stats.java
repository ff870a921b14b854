package io.yunwei.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Percentiles of a sample of milliseconds (nearest-rank). */
public record Stats(int count, double p50, double p95, double p99, double max, double mean) {

    public static final Stats EMPTY = new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Stats of(Collection<? extends Number> millis) {
        double[] values = millis.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        return of(values);
    }

    public static Stats of(double[] sortedOrNot) {
        if (sortedOrNot.length == 0) {
            return EMPTY;
        }
        double[] v = sortedOrNot.clone();
        Arrays.sort(v);
        return new Stats(v.length, rank(v, 0.50), rank(v, 0.95), rank(v, 0.99), v[v.length - 1],
                Arrays.stream(v).average().orElse(Double.NaN));
    }

    static double rank(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    public ObjectNode json() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("count", count);
        node.put("p50", round(p50));
        node.put("p95", round(p95));
        node.put("p99", round(p99));
        node.put("max", round(max));
        node.put("mean", round(mean));
        return node;
    }

    private static double round(double value) {
        return Double.isNaN(value) ? -1 : Math.round(value * 100) / 100.0;
    }

    /** "n=… p50 … p95 … p99 … max …" in milliseconds. */
    public String line() {
        if (count == 0) {
            return String.format("%6s  %9s %9s %9s %9s", 0, "-", "-", "-", "-");
        }
        return String.format(Locale.ROOT, "%6d  %9.1f %9.1f %9.1f %9.1f", count, p50, p95, p99, max);
    }

    public static String header() {
        return String.format("%6s  %9s %9s %9s %9s", "n", "p50 ms", "p95 ms", "p99 ms", "max ms");
    }
}
