package io.yunwei.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service's {@code /actuator/prometheus} page as Prometheus reads it: every sample name, and every metric
 * family with its type and help, so a reference can be checked against either.
 */
record Scrape(String service, Set<String> samples, Map<String, Family> families) {

    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)");
    private static final Pattern HELP = Pattern.compile("^# HELP (\\S+) ?(.*)");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})?\\s");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A metric family: its type, help and the label names its samples carry. */
    record Family(String name, String type, String help, Set<String> labels) {
    }

    static Scrape of(String service, int port) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(20)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new IllegalStateException(service + " answered " + response.statusCode() + " on /actuator/prometheus");
            }
            return parse(service, response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot scrape " + service + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Scrape parse(String service, String exposition) {
        Set<String> samples = new TreeSet<>();
        Map<String, String> types = new TreeMap<>();
        Map<String, String> helps = new TreeMap<>();
        Map<String, Set<String>> labels = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            Matcher type = TYPE.matcher(line);
            Matcher help = HELP.matcher(line);
            Matcher sample = SAMPLE.matcher(line);
            if (type.find()) {
                types.put(type.group(1), type.group(2));
            } else if (help.find()) {
                helps.put(help.group(1), help.group(2));
            } else if (!line.startsWith("#") && sample.find()) {
                samples.add(sample.group(1));
                Set<String> names = labels.computeIfAbsent(familyOf(sample.group(1), types), k -> new TreeSet<>());
                if (sample.group(3) != null) {
                    LABEL.matcher(sample.group(3)).results().map(m -> m.group(1)).filter(l -> !l.equals("le"))
                            .forEach(names::add);
                }
            }
        }
        Map<String, Family> families = new TreeMap<>();
        types.forEach((name, type) -> families.put(name, new Family(name, type, helps.getOrDefault(name, ""),
                labels.getOrDefault(name, Set.of()))));
        return new Scrape(service, samples, families);
    }

    /**
     * Whether a name a query uses is exposed: as a sample name, or as a family's name with exactly the suffixes its
     * type produces ({@code _total} for a counter, {@code _bucket/_sum/_count} for a histogram, {@code _sum/_count}
     * for a summary); a gauge takes none.
     */
    boolean exposes(String name) {
        if (samples.contains(name) || (families.containsKey(name) && !families.get(name).type().equals("counter"))) {
            return true;
        }
        for (Map.Entry<String, Set<String>> suffixes : Map.of("counter", Set.of("_total"),
                "histogram", Set.of("_bucket", "_sum", "_count"), "summary", Set.of("_sum", "_count")).entrySet()) {
            for (String suffix : suffixes.getValue()) {
                if (name.endsWith(suffix)) {
                    Family family = families.get(name.substring(0, name.length() - suffix.length()));
                    if (family != null && family.type().equals(suffixes.getKey())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The family a sample belongs to: itself, or its name without the suffix its family's type adds. */
    private static String familyOf(String sample, Map<String, String> types) {
        for (String suffix : new String[] {"_bucket", "_count", "_sum", "_total"}) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return sample;
    }
}
