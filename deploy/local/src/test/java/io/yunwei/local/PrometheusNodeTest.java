package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class PrometheusNodeTest {

    private static final Path ROOT = StackConfig.locateRepoRoot();

    @TempDir
    Path dataDir;

    @Test
    @SuppressWarnings("unchecked")
    void scrapesEveryServiceAndTheGatewayOnTheStacksOwnPorts() {
        Ports ports = Ports.free();
        Map<String, Object> config = new Yaml().load(new PrometheusNode(dataDir, ROOT).configuration(config(ports)));

        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
        assertThat(jobs).hasSize(1);
        assertThat(jobs.getFirst()).containsEntry("metrics_path", "/actuator/prometheus")
                .containsEntry("honor_labels", true);
        List<Map<String, Object>> targets = (List<Map<String, Object>>) jobs.getFirst().get("static_configs");
        assertThat(targets).extracting(t -> ((List<String>) t.get("targets")).getFirst()).containsExactly(
                "127.0.0.1:" + ports.intake(), "127.0.0.1:" + ports.dispatch(), "127.0.0.1:" + ports.field(),
                "127.0.0.1:" + ports.followup(), "127.0.0.1:" + ports.gateway());
        assertThat(targets).extracting(t -> ((Map<String, String>) t.get("labels")).get("application"))
                .containsExactly("intake-service", "dispatch-service", "field-service", "followup-service", "gateway");
    }

    @Test
    @SuppressWarnings("unchecked")
    void scrapesEveryInstanceOfTheClusterLayout() {
        Ports ports = Ports.free();
        StackConfig twoEach = config(ports).withInstances(2);
        Map<String, Object> config = new Yaml().load(new PrometheusNode(dataDir, ROOT).configuration(twoEach));

        List<Map<String, Object>> targets = (List<Map<String, Object>>) ((List<Map<String, Object>>) config
                .get("scrape_configs")).getFirst().get("static_configs");
        Map<String, Object> gateway = targets.stream()
                .filter(t -> "gateway".equals(((Map<String, String>) t.get("labels")).get("application")))
                .findFirst().orElseThrow();
        assertThat((List<String>) gateway.get("targets")).containsExactly("127.0.0.1:" + ports.gateway(),
                "127.0.0.1:" + ports.port(new Node(Part.GATEWAY, 2)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void evaluatesTheShippedAlertRules() throws IOException {
        PrometheusNode node = new PrometheusNode(dataDir, ROOT);
        Map<String, Object> config = new Yaml().load(node.configuration(config(Ports.defaults())));

        String rules = ((List<String>) config.get("rule_files")).getFirst();
        assertThat(rules).isEqualTo(ROOT.resolve("deploy/ops/prometheus/rules/*.yml").toString());
        try (var files = Files.list(node.rules())) {
            assertThat(files.filter(f -> f.toString().endsWith(".yml"))).isNotEmpty();
        }
    }

    @Test
    void keepsItsConfigurationAndStorageInTheDataDirAndListensOnLoopbackOnly() {
        Ports ports = Ports.free();
        PrometheusNode node = new PrometheusNode(dataDir, ROOT);
        node.writeConfiguration(config(ports));

        assertThat(node.configFile()).isRegularFile().startsWith(dataDir);
        assertThat(node.storage()).isDirectory().startsWith(dataDir);
        assertThat(node.command(Path.of("/usr/bin/prometheus"), ports.prometheus())).contains(
                "--config.file=" + node.configFile(), "--storage.tsdb.path=" + node.storage(),
                "--web.listen-address=127.0.0.1:" + ports.prometheus());
    }

    @Test
    void theGeneratedConfigurationPassesPromtoolWhenItIsInstalled() throws Exception {
        Optional<Path> promtool = Promtool.binary();
        assumeThat(promtool).as("promtool on the PATH (Debian package prometheus)").isPresent();
        PrometheusNode node = new PrometheusNode(dataDir, ROOT);
        node.writeConfiguration(config(Ports.free()));

        Promtool.Result result = Promtool.run(promtool.get(), dataDir, "check", "config", node.configFile().toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void findsTheBinaryOnlyWhereThePathSays() throws IOException {
        Path bin = Files.createDirectories(dataDir.resolve("bin"));
        Path binary = Files.createFile(bin.resolve("prometheus"));
        assertThat(binary.toFile().setExecutable(true)).isTrue();

        assertThat(PrometheusNode.binary(dataDir + java.io.File.pathSeparator + bin)).contains(binary);
        assertThat(PrometheusNode.binary(dataDir.toString())).isEmpty();
        assertThat(PrometheusNode.binary("")).isEmpty();
    }

    @Test
    void theBannerSaysWhenPrometheusIsNotRunning() {
        var out = new ByteArrayOutputStream();
        try (var stack = new LocalStack(StackConfig.of(ROOT).withDataDir(dataDir).withPorts(Ports.free()),
                Progress.SILENT, Optional.empty())) {
            new Console(new PrintStream(out, true, StandardCharsets.UTF_8)).banner(stack);
        }

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Prometheus     not running");
    }

    private StackConfig config(Ports ports) {
        return StackConfig.of(ROOT).withDataDir(dataDir).withPorts(ports);
    }
}
