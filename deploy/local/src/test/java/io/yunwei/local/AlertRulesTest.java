package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The Prometheus alert rules under {@code deploy/ops/prometheus}: the alerts operations were promised exist, each
 * has unit tests that make it fire, and promtool accepts the rules and passes the tests (when it is installed).
 */
class AlertRulesTest {

    private static final Path PROMETHEUS = StackConfig.locateRepoRoot().resolve("deploy/ops/prometheus");
    private static final Set<String> PROMISED = Set.of("SlaBreachRateHigh", "OutboxEventsStuck", "ConsumerLagHigh",
            "EventsDeadLettered", "ServiceDown", "ThreeRingTargetMissed");

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertIsPromisedOrExtraAndCarriesASeverityAndASummary() {
        Set<String> alerts = new TreeSet<>();
        for (Path file : MetricReferences.files(PROMETHEUS.resolve("rules"), ".yml")) {
            for (Map<String, Object> group : (List<Map<String, Object>>) MetricReferences.read(file).get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    if (rule.containsKey("alert")) {
                        alerts.add((String) rule.get("alert"));
                        assertThat((Map<String, Object>) rule.get("labels")).as(rule.get("alert") + " labels")
                                .containsKey("severity");
                        assertThat((Map<String, Object>) rule.get("annotations")).as(rule.get("alert") + " annotations")
                                .containsKeys("summary", "description");
                    }
                }
            }
        }

        assertThat(alerts).containsAll(PROMISED);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasAUnitTestInWhichItFires() {
        Set<String> alerts = new TreeSet<>(MetricReferences.ruleExpressions(PROMETHEUS.getParent()).keySet().stream()
                .map(key -> key.substring(key.indexOf(": ") + 2)).toList());
        Set<String> firing = new TreeSet<>();
        for (Path file : MetricReferences.files(PROMETHEUS.resolve("tests"), ".yml")) {
            for (Map<String, Object> test : (List<Map<String, Object>>) MetricReferences.read(file).get("tests")) {
                for (Map<String, Object> check : (List<Map<String, Object>>) test.getOrDefault("alert_rule_test",
                        List.of())) {
                    if (!((List<?>) check.getOrDefault("exp_alerts", List.of())).isEmpty()) {
                        firing.add((String) check.get("alertname"));
                    }
                }
            }
        }

        assertThat(firing).containsAll(alerts);
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Path promtool = promtool();
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        MetricReferences.files(PROMETHEUS.resolve("rules"), ".yml").forEach(file -> args.add(file.toString()));

        Promtool.Result result = Promtool.run(promtool, PROMETHEUS, args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void theRulesPassTheirPromtoolUnitTests() throws Exception {
        Path promtool = promtool();
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        MetricReferences.files(PROMETHEUS.resolve("tests"), ".yml")
                .forEach(file -> args.add(PROMETHEUS.relativize(file).toString()));

        Promtool.Result result = Promtool.run(promtool, PROMETHEUS, args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    private static Path promtool() {
        Optional<Path> promtool = Promtool.binary();
        assumeThat(promtool).as("promtool on the PATH (Debian package prometheus); skipped without it").isPresent();
        return promtool.get();
    }
}
