package io.yunwei.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the stack finds its build output, where it keeps its data and logs, and which ports it uses.
 *
 * @param repoRoot the repository root, whose modules' {@code target} folders hold what the stack runs
 * @param dataDir Kafka's log dirs, the store's file, the signing key and every process's log; kept across runs
 * @param ports the ports of every part
 * @param startTimeout how long one part may take to become ready
 * @param arguments extra command-line arguments for a part, after the ones the stack sets
 * @param hostServices whether the four services share one JVM ({@link ServiceHost}), the local default, or each runs
 *        in a JVM of its own, as in production and as the fault suite needs to kill one of them
 */
public record StackConfig(Path repoRoot, Path dataDir, Ports ports, Duration startTimeout,
        Map<Part, List<String>> arguments, boolean hostServices) {

    /** The services that share one JVM when {@link #hostServices()} holds. */
    public static final List<Part> SERVICES = List.of(Part.INTAKE, Part.DISPATCH, Part.FIELD, Part.FOLLOWUP);

    public StackConfig {
        repoRoot = Objects.requireNonNull(repoRoot, "repoRoot").toAbsolutePath().normalize();
        dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        Objects.requireNonNull(ports, "ports");
        if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
        }
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
    }

    /**
     * The configuration {@code deploy/local/run} uses: data in {@code deploy/local/data}, the default ports; with
     * {@code YUNWEI_STORE_FSYNC=true} in the environment the store forces every commit to the disk
     * ({@link StoreServer}).
     */
    public static StackConfig of(Path repoRoot) {
        var config = new StackConfig(repoRoot, repoRoot.resolve("deploy/local/data"), Ports.defaults(),
                Duration.ofMinutes(3), Map.of(), true);
        return "true".equalsIgnoreCase(System.getenv("YUNWEI_STORE_FSYNC"))
                ? config.withArguments(Part.STORE, StoreServer.FSYNC) : config;
    }

    /** The repository root above the working directory, as a test running in {@code deploy/local} has it. */
    public static Path locateRepoRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("deploy/local/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no Yunwei repository root (with mvnw and deploy/local) above " + start);
    }

    public StackConfig withDataDir(Path dataDir) {
        return new StackConfig(repoRoot, dataDir, ports, startTimeout, arguments, hostServices);
    }

    public StackConfig withPorts(Ports ports) {
        return new StackConfig(repoRoot, dataDir, ports, startTimeout, arguments, hostServices);
    }

    public StackConfig withStartTimeout(Duration startTimeout) {
        return new StackConfig(repoRoot, dataDir, ports, startTimeout, arguments, hostServices);
    }

    /** Adds command-line arguments for one part, such as {@code --yunwei.gateway.limits.burst=80}. */
    public StackConfig withArguments(Part part, String... more) {
        Map<Part, List<String>> all = new EnumMap<>(Part.class);
        all.putAll(arguments);
        List<String> forPart = new ArrayList<>(all.getOrDefault(part, List.of()));
        forPart.addAll(List.of(more));
        all.put(part, List.copyOf(forPart));
        return new StackConfig(repoRoot, dataDir, ports, startTimeout, all, hostServices);
    }

    /** Each service in a JVM of its own, as in production: one can be killed while the others run on. */
    public StackConfig withSeparateServices() {
        return new StackConfig(repoRoot, dataDir, ports, startTimeout, arguments, false);
    }

    /** Whether this part runs in the shared services JVM. */
    boolean hosted(Part part) {
        return hostServices && SERVICES.contains(part);
    }

    /** The public base URL, and therefore the tokens' issuer. */
    public String gatewayUrl() {
        return "http://localhost:" + ports.gateway();
    }

    Path logFile(Part part) {
        return dataDir.resolve("logs").resolve((hosted(part) ? "services" : part.id()) + ".log");
    }
}
