package io.yunwei.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metric names the operations artefacts under {@code deploy/ops} query: every PromQL expression of the
 * Grafana dashboards and of the Prometheus alert rules, reduced to the series names it selects.
 */
final class MetricReferences {

    /** Series Prometheus itself adds to every target; no service exposes them. */
    static final Set<String> SYNTHESIZED = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added");

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan", "atan2");
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern SELECTOR = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    private MetricReferences() {
    }

    /** The series names one PromQL expression selects; functions, keywords, labels and Grafana variables are not. */
    static Set<String> namesIn(String promql) {
        String bare = QUOTED.matcher(promql).replaceAll(" ");
        bare = VARIABLE.matcher(bare).replaceAll(" ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        bare = SELECTOR.matcher(bare).replaceAll(" ");
        bare = RANGE.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String token = m.group(1);
            boolean function = m.group(2) != null;
            if (!function && !KEYWORDS.contains(token.toLowerCase())) {
                names.add(token);
            }
        }
        return names;
    }

    /** Every expression of every dashboard, keyed by where it stands ({@code file: panel title}). */
    static Map<String, String> dashboardExpressions(Path opsDir) {
        Map<String, String> expressions = new TreeMap<>();
        JsonMapper json = JsonMapper.builder().build();
        for (Path file : files(opsDir.resolve("grafana/dashboards"), ".json")) {
            JsonNode dashboard = json.readTree(file.toFile());
            collectTargets(dashboard, file.getFileName().toString(), expressions);
        }
        return expressions;
    }

    private static void collectTargets(JsonNode node, String where, Map<String, String> into) {
        if (node.isObject()) {
            String here = node.has("title") ? where.replaceAll(":.*", "") + ": " + node.get("title").asString() : where;
            if (node.has("expr") && node.get("expr").isString()) {
                into.put(here + " #" + into.size(), node.get("expr").asString());
            }
            if (node.has("query") && node.get("query").isString() && node.has("definition")) {
                into.put(here + " (variable) #" + into.size(), node.get("query").asString());
            }
            node.properties().forEach(e -> collectTargets(e.getValue(), here, into));
        } else if (node.isArray()) {
            node.forEach(child -> collectTargets(child, where, into));
        }
    }

    /** Every alert and recording rule expression, keyed by {@code file: rule name}. */
    @SuppressWarnings("unchecked")
    static Map<String, String> ruleExpressions(Path opsDir) {
        Map<String, String> expressions = new TreeMap<>();
        for (Path file : files(opsDir.resolve("prometheus/rules"), ".yml")) {
            Map<String, Object> doc = read(file);
            for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    Object name = rule.containsKey("alert") ? rule.get("alert") : rule.get("record");
                    expressions.put(file.getFileName() + ": " + name, String.valueOf(rule.get("expr")));
                }
            }
        }
        return expressions;
    }

    /** The recording rules' own names: queries may use them, and Prometheus computes them. */
    @SuppressWarnings("unchecked")
    static Set<String> recordedNames(Path opsDir) {
        Set<String> names = new TreeSet<>();
        for (Path file : files(opsDir.resolve("prometheus/rules"), ".yml")) {
            for (Map<String, Object> group : (List<Map<String, Object>>) read(file).get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    if (rule.containsKey("record")) {
                        names.add(String.valueOf(rule.get("record")));
                    }
                }
            }
        }
        return names;
    }

    static Map<String, Object> read(Path yaml) {
        try {
            return new Yaml().load(Files.readString(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> files(Path dir, String extension) {
        try (Stream<Path> paths = Files.list(dir)) {
            return new ArrayList<>(paths.filter(p -> p.getFileName().toString().endsWith(extension)).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
