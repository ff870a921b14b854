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
 * @param brokers how many Kafka nodes form the cluster (each broker and controller in one): 1, or 3 with every topic
 *        replicated three times and written to at least two ({@code min.insync.replicas=2}, producers {@code acks=all})
 * @param instances how many instances of each service and of the gateway run at once: 1, or 2, each gateway balancing
 *        its calls over both instances of every service and every service's instances sharing its consumer groups
 * @param storeRoute the port the services reach the store through, when it is not the store's own (0): a proxy that
 *        can delay or cut the connection, as the fault suite uses for a network partition
 * @param brokerRoute likewise for the broker (one broker only): it advertises this port, so every client, the
 *        services' and the tools', reaches it through the proxy there
 * @param kafkaAuth whether the brokers authenticate every client (SASL/SCRAM-SHA-512) and authorize each request by
 *        the access list {@code deploy/ops/k8s/kafka-access.txt}, as in production; each service then connects as its
 *        own principal ({@link KafkaCredentials})
 */
public record StackConfig(Path repoRoot, Path dataDir, Ports ports, Duration startTimeout,
        Map<Part, List<String>> arguments, boolean hostServices, int brokers, int instances, int storeRoute,
        int brokerRoute, boolean kafkaAuth) {

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
        if (brokers != 1 && brokers != 3) {
            throw new IllegalArgumentException("a KRaft cluster on one machine has 1 or 3 nodes, not " + brokers);
        }
        if (instances != 1 && instances != 2) {
            throw new IllegalArgumentException("the local stack runs 1 or 2 instances of each service, not " + instances);
        }
        if (brokerRoute != 0 && brokers != 1) {
            throw new IllegalArgumentException("a route to the broker needs the one-broker layout");
        }
        if ((brokers > 1 || instances > 1) && ports.more().isEmpty()) {
            throw new IllegalArgumentException("ports for one instance of each part cannot hold " + brokers
                    + " brokers and " + instances + " instances: use Ports.defaults() or Ports.free()");
        }
    }

    /**
     * The configuration {@code deploy/local/run} uses: data in {@code deploy/local/data}, the default ports; with
     * {@code YUNWEI_STORE_FSYNC=true} in the environment the store forces every commit to the disk
     * ({@link StoreServer}).
     */
    public static StackConfig of(Path repoRoot) {
        var config = new StackConfig(repoRoot, repoRoot.resolve("deploy/local/data"), Ports.defaults(),
                // a process that dies is noticed at once; a live one may need minutes: intake fills an empty search
                // index from the store before it takes requests (1,000,000 tickets: about three minutes here)
                Duration.ofMinutes(10), Map.of(), true, 1, 1, 0, 0, false);
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
        return new StackConfig(repoRoot, dataDir, ports, startTimeout, arguments, hostServices, brokers,
                instances, storeRoute, brokerRoute, kafkaAuth);
    }

    public StackConfig withPorts(Ports ports) {
        return new StackConfig(repoRoot, dataDir, ports, startTimeout, arguments, hostServices, brokers,
                instances, storeRoute, brokerRoute, kafkaAuth);
    }

    public StackConfig withStartTimeout(Duration startTimeout) {
        return new StackConfig(repoRoot, dataDir, ports, startTimeout, arguments, hostServices, brokers,
                instances, storeRoute, brokerRoute, kafkaAuth);
    }

    /** Adds command-line arguments for one part, such as {@code --yunwei.gateway.limits.burst=80}. */
    public StackConfig withArguments(Part part, String... more) {
        Map<Part, List<String>> all = new EnumMap<>(Part.class);
        all.putAll(arguments);
        List<String> forPart = new ArrayList<>(all.getOrDefault(part, List.of()));
        forPart.addAll(List.of(more));
        all.put(part, List.copyOf(forPart));
        return new StackConfig(repoRoot, dataDir, ports, startTimeout, all, hostServices, brokers, instances,
                storeRoute, brokerRoute, kafkaAuth);
    }

    /** Kafka with authentication and authorization, as in production (see {@link #kafkaAuth()}). */
    public StackConfig withKafkaAuth() {
        return new StackConfig(repoRoot, dataDir, ports, startTimeout, arguments, hostServices, brokers,
                instances, storeRoute, brokerRoute, true);
    }

    /** The services reach the store through {@code port} (a proxy on it forwards to the store's own port). */
    public StackConfig withStoreRoute(int port) {
        return new StackConfig(repoRoot, dataDir, ports, startTimeout, arguments, hostServices, brokers,
                instances, port, brokerRoute, kafkaAuth);
    }

    /** Every client reaches the broker through {@code port} (a proxy on it forwards to the broker's own port). */
    public StackConfig withBrokerRoute(int port) {
        return new StackConfig(repoRoot, dataDir, ports, startTimeout, arguments, hostServices, brokers,
                instances, storeRoute, port, kafkaAuth);
    }

    /** The store's address as the services are given it. */
    public String serviceStoreUri() {
        return "mongodb://127.0.0.1:" + (storeRoute == 0 ? ports.store() : storeRoute);
    }

    /** Each service in a JVM of its own, as in production: one can be killed while the others run on. */
    public StackConfig withSeparateServices() {
        return new StackConfig(repoRoot, dataDir, ports, startTimeout, arguments, false, brokers, instances,
                storeRoute, brokerRoute, kafkaAuth);
    }

    /**
     * A cluster of {@code brokers} Kafka nodes (1 or 3) on this machine. The data dir keeps the cluster's storage apart
     * from the single broker's ({@code kafka-cluster/node-<n>} beside {@code kafka}), so either layout can start on
     * it; each has its own topics, and the store is shared.
     */
    public StackConfig withBrokers(int brokers) {
        return new StackConfig(repoRoot, dataDir, ports, startTimeout, arguments, hostServices, brokers,
                instances, storeRoute, brokerRoute, kafkaAuth);
    }

    /** {@code instances} (1 or 2) of each service and of the gateway at once; every gateway balances over all. */
    public StackConfig withInstances(int instances) {
        return new StackConfig(repoRoot, dataDir, ports, startTimeout, arguments, hostServices, brokers,
                instances, storeRoute, brokerRoute, kafkaAuth);
    }

    /** The processes of one part, first instance first: the Kafka nodes, each service's and the gateway's instances. */
    public List<Node> nodes(Part part) {
        int count = switch (part) {
            case KAFKA -> brokers;
            case INTAKE, DISPATCH, FIELD, FOLLOWUP, GATEWAY -> instances;
            case STORE, AUTH, PROMETHEUS -> 1;
        };
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> new Node(part, i)).toList();
    }

    /** Every broker's client listener, as clients are given them: through the route to the broker, if it has one. */
    public String kafkaBootstrapServers() {
        return nodes(Part.KAFKA).stream().map(node -> "127.0.0.1:" + advertisedPort(node))
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** The port a broker tells its clients to connect to. */
    int advertisedPort(Node broker) {
        return brokerRoute == 0 ? ports.port(broker) : brokerRoute;
    }

    /** Whether this part runs in the shared services JVM. */
    boolean hosted(Part part) {
        return hostServices && SERVICES.contains(part);
    }

    /** The public base URL, and therefore the tokens' issuer. */
    public String gatewayUrl() {
        return "http://localhost:" + ports.gateway();
    }

    Path logFile(Node node) {
        return dataDir.resolve("logs").resolve(processName(node) + ".log");
    }

    /**
     * Where each JVM of the stack logs its garbage collector's pauses: {@code <process>.<pid>.log}, the process named
     * as its output's log file is.
     */
    public Path gcLogs() {
        return dataDir.resolve("logs").resolve("gc");
    }

    /** The GC log of the JVM that runs {@code node}, {@code %p} standing for the process id the JVM fills in. */
    Path gcLogFile(Node node) {
        return gcLogs().resolve(processName(node) + ".%p.log");
    }

    private String processName(Node node) {
        return hosted(node.part()) ? (node.instance() == 1 ? "services" : "services-" + node.instance()) : node.id();
    }
}
