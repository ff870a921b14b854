package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;

/**
 * Keeps the dashboards and alert rules honest: every series they query exists on a running service's
 * {@code /actuator/prometheus} after one ticket's life, or (for a meter its service builds only on first use,
 * such as a breach counter) is declared by name in that service's code. Such late meters show "no data" instead
 * of zero until the first event; they are listed, with what each service exposes, in
 * {@code deploy/local/target/metrics-inventory.md}.
 */
class DashboardMetricsIT {

    static final List<Part> SCRAPED = List.of(Part.INTAKE, Part.DISPATCH, Part.FIELD, Part.FOLLOWUP, Part.GATEWAY);

    private static LocalStack stack;
    private static Map<Part, Scrape> atStart;
    private static Map<Part, Scrape> afterTraffic;

    @BeforeAll
    static void scrapeBeforeAndAfterOneTicketsLife() throws IOException {
        stack = RunningSystem.stack();
        atStart = scrapeAll();
        Api api = RunningSystem.api();
        String ticket = Journeys.report(api);
        String engineer = Journeys.awaitStatus(api, ticket, "ASSIGNED").read("$.engineerId");
        Journeys.workTheVisit(api, ticket, engineer);
        Journeys.awaitStatus(api, ticket, "CLOSED");
        afterTraffic = scrapeAll();
        writeInventory();
    }

    @Test
    void everySeriesADashboardQueriesIsExposedByARunningServiceOrDeclaredInItsCode() {
        Map<String, String> expressions = MetricReferences.dashboardExpressions(opsDir());

        assertThat(expressions).as("the dashboards have queries").hasSizeGreaterThan(10);
        assertThat(undeclared(missing(expressions, afterTraffic)))
                .as("series a dashboard queries that no service exposes or declares").isEmpty();
    }

    @Test
    void everySeriesAnAlertRuleQueriesIsExposedByARunningServiceOrDeclaredInItsCode() {
        Map<String, String> expressions = MetricReferences.ruleExpressions(opsDir());

        assertThat(expressions).as("the rules have expressions").hasSizeGreaterThan(5);
        assertThat(undeclared(missing(expressions, afterTraffic)))
                .as("series an alert rule queries that no service exposes or declares").isEmpty();
    }

    private static Map<String, List<String>> undeclared(Map<String, List<String>> missing) {
        DeclaredMetrics declared = DeclaredMetrics.in(StackConfig.locateRepoRoot());
        Map<String, List<String>> undeclared = new TreeMap<>(missing);
        undeclared.keySet().removeIf(name -> declared.declaring(name).isPresent());
        return undeclared;
    }

    @Test
    void everyYunweiMeterOfEveryServiceHasAHelpText() {
        Map<String, Set<String>> withoutHelp = new TreeMap<>();
        afterTraffic.forEach((part, scrape) -> scrape.families().values().stream()
                .filter(family -> family.name().startsWith("yunwei_") && family.help().isBlank())
                .forEach(family -> withoutHelp.computeIfAbsent(part.id(), k -> new TreeSet<>()).add(family.name())));

        assertThat(withoutHelp).as("yunwei_ metric families without a # HELP text, by service").isEmpty();
    }

    @Test
    void everyServiceExposesTheEngineSeriesTheEngineDashboardNeeds() {
        for (Part service : List.of(Part.INTAKE, Part.DISPATCH, Part.FIELD, Part.FOLLOWUP)) {
            Scrape scrape = atStart.get(service);
            assertThat(List.of("yunwei_outbox_backlog", "yunwei_outbox_oldest_age_seconds",
                    "http_server_requests_seconds_count", "jvm_memory_used_bytes"))
                    .as(service + " at start").allMatch(scrape::exposes);
        }
    }

    @Test
    void theStacksOwnPrometheusScrapesEveryServiceWhenItIsInstalled() {
        assumeThat(PrometheusNode.binary()).as("prometheus on the PATH (Debian package prometheus)").isPresent();
        String prometheus = stack.prometheusUrl().orElseThrow(() -> new AssertionError("Prometheus is installed but"
                + " not running; see " + stack.config().dataDir().resolve("logs/prometheus.log")));
        HttpClient http = HttpClient.newHttpClient();

        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            String targets = http.send(HttpRequest.newBuilder(URI.create(prometheus + "/api/v1/targets?state=active"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            List<String> up = JsonPath.read(targets, "$.data.activeTargets[?(@.health == 'up')].labels.application");
            assertThat(up).as(targets).containsExactlyInAnyOrder("intake-service", "dispatch-service",
                    "field-service", "followup-service", "gateway");
        });
    }

    /** Which referenced series no scrape exposes, with where each is used. */
    private static Map<String, List<String>> missing(Map<String, String> expressions, Map<Part, Scrape> scrapes) {
        Set<String> computed = MetricReferences.recordedNames(opsDir());
        Map<String, List<String>> missing = new TreeMap<>();
        expressions.forEach((where, expr) -> MetricReferences.namesIn(expr).stream()
                .filter(name -> !MetricReferences.SYNTHESIZED.contains(name) && !computed.contains(name))
                .filter(name -> scrapes.values().stream().noneMatch(scrape -> scrape.exposes(name)))
                .forEach(name -> missing.computeIfAbsent(name, k -> new ArrayList<>()).add(where)));
        return missing;
    }

    private static Map<Part, Scrape> scrapeAll() {
        Map<Part, Scrape> scrapes = new EnumMap<>(Part.class);
        for (Part part : SCRAPED) {
            scrapes.put(part, Scrape.of(part.id(), stack.config().ports().port(part)));
        }
        return scrapes;
    }

    private static Path opsDir() {
        return StackConfig.locateRepoRoot().resolve("deploy/ops");
    }

    /** The catalogue's raw material: every yunwei_ family per service, and what only showed up after traffic. */
    private static void writeInventory() throws IOException {
        StringBuilder out = new StringBuilder("# Exposed metric families\n\n");
        for (Part part : SCRAPED) {
            out.append("## ").append(part.id()).append("\n\n| family | type | labels | at start | help |\n|---|---|---|---|---|\n");
            afterTraffic.get(part).families().values().forEach(f -> out.append("| ").append(f.name()).append(" | ")
                    .append(f.type()).append(" | ").append(String.join(", ", f.labels())).append(" | ")
                    .append(atStart.get(part).families().containsKey(f.name()) ? "yes" : "**no**").append(" | ")
                    .append(f.help()).append(" |\n"));
            out.append('\n');
        }
        Map<String, String> all = new LinkedHashMap<>(MetricReferences.dashboardExpressions(opsDir()));
        all.putAll(MetricReferences.ruleExpressions(opsDir()));
        DeclaredMetrics declared = DeclaredMetrics.in(StackConfig.locateRepoRoot());
        Set<String> late = new TreeSet<>(missing(all, atStart).keySet());
        out.append("## Referenced series absent from a fresh service (meters built on first use)\n\n");
        late.forEach(name -> out.append("- ").append(name).append(" (declared in ")
                .append(declared.declaring(name).orElse("no module")).append(", ")
                .append(missing(all, afterTraffic).containsKey(name) ? "still absent after one ticket's life"
                        : "present after one ticket's life")
                .append(")\n"));
        Path target = StackConfig.locateRepoRoot().resolve("deploy/local/target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("metrics-inventory.md"), out);
    }
}
