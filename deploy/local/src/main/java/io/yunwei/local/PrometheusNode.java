package io.yunwei.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The local stack's Prometheus, when a {@code prometheus} binary is on the PATH (Debian: {@code apt-get install
 * prometheus}): its configuration, written for the stack's ports on every start, and its storage in the data dir.
 * It scrapes every service and the gateway and evaluates the alert rules of {@code deploy/ops/prometheus/rules}.
 */
final class PrometheusNode {

    /** What Prometheus scrapes: every part with Micrometer's {@code /actuator/prometheus}. */
    static final List<Part> SCRAPED = List.of(Part.INTAKE, Part.DISPATCH, Part.FIELD, Part.FOLLOWUP, Part.GATEWAY);

    private final Path dir;
    private final Path repoRoot;

    PrometheusNode(Path dataDir, Path repoRoot) {
        this.dir = dataDir.resolve("prometheus");
        this.repoRoot = repoRoot;
    }

    Path configFile() {
        return dir.resolve("prometheus.yml");
    }

    Path storage() {
        return dir.resolve("data");
    }

    /** The rule files Prometheus evaluates: the ones shipped for production, so local alerts behave the same. */
    Path rules() {
        return repoRoot.resolve("deploy/ops/prometheus/rules");
    }

    /**
     * The configuration for these ports. Each target is labelled with its application's name, as Micrometer
     * labels every series it exposes, so {@code up} and the services' own series group alike.
     */
    String configuration(StackConfig config) {
        Ports ports = config.ports();
        String targets = SCRAPED.stream().map(part -> """
                      - targets: [%s]
                        labels:
                          application: %s
                """.formatted(config.nodes(part).stream().map(node -> "'127.0.0.1:" + ports.port(node) + "'")
                .collect(Collectors.joining(", ")), part.id())).collect(Collectors.joining());
        return """
                # written by io.yunwei.local.LocalStack on every start, for this stack's ports; edits are lost
                global:
                  # a laptop running the whole system answers a scrape slowly at times; give it the whole interval
                  scrape_interval: 10s
                  scrape_timeout: 10s
                  evaluation_interval: 15s
                rule_files:
                  - '%s'
                scrape_configs:
                  - job_name: yunwei
                    metrics_path: /actuator/prometheus
                    # the services' own application label is the same as the target's; keep theirs
                    honor_labels: true
                    static_configs:
                %s""".formatted(rules().resolve("*.yml"), targets);
    }

    void writeConfiguration(StackConfig config) {
        try {
            Files.createDirectories(storage());
            Files.writeString(configFile(), configuration(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Prometheus's configuration to " + dir, e);
        }
    }

    /** The command that runs Prometheus on this configuration, listening on loopback only. */
    List<String> command(Path binary, int port) {
        return List.of(binary.toString(), "--config.file=" + configFile(), "--storage.tsdb.path=" + storage(),
                "--storage.tsdb.retention.time=7d", "--web.listen-address=127.0.0.1:" + port);
    }

    /** The {@code prometheus} executable on the PATH, if there is one. */
    static Optional<Path> binary() {
        return binary(System.getenv("PATH"));
    }

    static Optional<Path> binary(String path) {
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path candidate = Path.of(entry, "prometheus");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
