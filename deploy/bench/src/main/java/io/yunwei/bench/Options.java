package io.yunwei.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options of an instrument: {@code --name=value} pairs, and bare {@code --flag}s meaning true. */
public final class Options {

    private final Map<String, String> values = new LinkedHashMap<>();

    private Options() {
    }

    public static Options parse(String[] args) {
        Options options = new Options();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options look like --name=value: " + arg);
            }
            int eq = arg.indexOf('=');
            if (eq < 0) {
                options.values.put(arg.substring(2), "true");
            } else {
                options.values.put(arg.substring(2, eq), arg.substring(eq + 1));
            }
        }
        return options;
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public int integer(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    /** {@code --name} or {@code --name=true} is true, {@code --name=false} false. */
    public boolean flag(String name, boolean fallback) {
        return values.containsKey(name) ? !"false".equalsIgnoreCase(values.get(name)) : fallback;
    }

    public double decimal(String name, double fallback) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
    }

    public Duration seconds(String name, double fallback) {
        return Duration.ofMillis((long) (decimal(name, fallback) * 1000));
    }

    public List<Double> decimals(String name, String fallback) {
        return List.of(string(name, fallback).split(",")).stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(Double::parseDouble).toList();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
