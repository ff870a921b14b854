package io.yunwei.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.yunwei.local.DemoData;
import io.yunwei.local.LocalStack;
import io.yunwei.local.Node;
import io.yunwei.local.Part;
import io.yunwei.local.Ports;
import io.yunwei.local.Progress;
import io.yunwei.local.StackConfig;
import io.yunwei.local.TcpProxy;

/**
 * The system an instrument measures: by default a local stack of its own on free ports with a temporary data dir
 * (its gateway rate limit raised and extra engineers added, so the instrument measures the system rather than
 * its limits), or a deployment by URL ({@code --gateway=}, {@code --kafka=}, {@code --mongo=}).
 */
public final class Target implements AutoCloseable {

    /** Engineers the bench adds to a local stack, with tokens of their own, so two engineers' capacity is no cap. */
    public static final int BENCH_ENGINEERS = 4;

    private static final List<String[]> DEMO_CLIENTS = List.of(
            new String[] { "agent", "AGENT", null, null }, new String[] { "dispatcher", "DISPATCHER", null, null },
            new String[] { "supervisor", "SUPERVISOR", null, null }, new String[] { "admin", "ADMIN", null, null },
            new String[] { "customer-acme", "CUSTOMER", "acme", null },
            new String[] { "customer-globex", "CUSTOMER", "globex", null },
            new String[] { "engineer-wang", "ENGINEER", null, "eng-wang" },
            new String[] { "engineer-li", "ENGINEER", null, "eng-li" });

    private final LocalStack stack;
    private final Path dataDir;
    private final String gatewayUrl;
    private final Map<String, Object> kafka;
    private final String mongo;
    private final Gateway gateway;
    private TcpProxy storeRoute;
    private TcpProxy brokerRoute;

    private Target(LocalStack stack, Path dataDir, String gatewayUrl, Map<String, Object> kafka, String mongo) {
        this.stack = stack;
        this.dataDir = dataDir;
        this.gatewayUrl = gatewayUrl;
        this.kafka = kafka;
        this.mongo = mongo;
        this.gateway = new Gateway(stack != null ? stack.gatewayUrls() : List.of(gatewayUrl.split(",")));
    }

    /** Connects to {@code --gateway=} (with {@code --kafka=} and {@code --mongo=} where used), or starts a stack. */
    public static Target open(Options options) {
        return open(options, options.flag("separate-services", false));
    }

    /**
     * As {@link #open(Options)}; a local stack runs each service in a JVM of its own when {@code separateServices}
     * holds (as the fault suite needs, to kill one), else the four in one JVM as {@code deploy/local/run} does.
     */
    public static Target open(Options options, boolean separateServices) {
        if (options.has("gateway")) {
            String kafka = options.string("kafka", null);
            Target target = new Target(null, null, options.string("gateway", null),
                    kafka == null ? null : Map.of("bootstrap.servers", kafka), options.string("mongo", null));
            target.addBenchEngineers(options.integer("bench-engineers", 0));
            return target;
        }
        int brokers = options.flag("cluster", false) ? 3 : options.integer("brokers", 1);
        int instances = options.flag("cluster", false) ? 2 : options.integer("instances", 1);
        return startLocal(options.integer("bench-engineers", BENCH_ENGINEERS), separateServices, brokers, instances,
                options.flag("kafka-auth", false));
    }

    private static Target startLocal(int benchEngineers, boolean separateServices, int brokers, int instances,
            boolean kafkaAuth) {
        Path data;
        try {
            data = Files.createTempDirectory("yunwei-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Ports ports = Ports.free();
        // the fault suite's services reach the store, and every client the broker, through proxies that can delay or
        // cut their connections (the broker's only in the one-broker layout)
        TcpProxy storeRoute = separateServices ? new TcpProxy(0, ports.store()) : null;
        TcpProxy brokerRoute = separateServices && brokers == 1 ? new TcpProxy(0, ports.kafka()) : null;
        StackConfig config = StackConfig.of(snapshot(StackConfig.locateRepoRoot(), data.resolve("build")))
                .withDataDir(data).withPorts(ports)
                .withStartTimeout(Duration.ofMinutes(10))
                // one client, "agent", records every call of the run, and a few engineers do every visit: each stands
                // for a whole call centre or team, so the allowances the gateway gives one client (its rate, and its
                // requests with bodies under way at once) are lifted; else a backlog after a fault, sent again at once,
                // is refused as one runaway client's (429) and the run measures the allowance, not the recovery
                .withArguments(Part.GATEWAY, "--yunwei.gateway.limits.requests-per-second=100000",
                        "--yunwei.gateway.limits.burst=200000", "--yunwei.gateway.limits.bodies-per-client=10000")
                .withArguments(Part.AUTH, authClients(benchEngineers).toArray(String[]::new))
                // webhook retries within a minute, so a run sees a failing endpoint's messages through
                .withArguments(Part.INTAKE, "--yunwei.webhooks.retry-schedule=1s,2s,5s,10s,20s,30s,60s,60s,60s")
                .withBrokers(brokers).withInstances(instances);
        if (separateServices) {
            config = config.withSeparateServices().withStoreRoute(storeRoute.port());
        }
        if (brokerRoute != null) {
            config = config.withBrokerRoute(brokerRoute.port());
        }
        if (kafkaAuth) {
            // as production: every client logs in, each service as itself; the instruments read as the administrator
            config = config.withKafkaAuth();
        }
        var stack = new LocalStack(config, new Progress() {
            @Override
            public void ready(Node node, Duration took) {
                Report.log("  %s ready in %.1f s", node, took.toMillis() / 1000.0);
            }
        });
        Target target = new Target(stack, data, stack.gatewayUrl(), stack.kafkaAdminProperties(), stack.mongoUri());
        target.storeRoute = storeRoute;
        target.brokerRoute = brokerRoute;
        Runtime.getRuntime().addShutdownHook(new Thread(target::close, "bench-stack-shutdown"));
        Report.log("starting a local stack on free ports (data in %s) ...", data);
        long started = System.nanoTime();
        stack.start();
        Report.log("stack ready in %.0f s: gateway %s, kafka %s, store %s", (System.nanoTime() - started) / 1e9,
                String.join(",", stack.gatewayUrls()), stack.kafkaBootstrapServers(), stack.mongoUri());
        seedPatiently(stack);
        target.addBenchEngineers(benchEngineers);
        return target;
    }

    /**
     * A copy of the jars the stack runs, in the layout it expects: other engineers rebuild the modules while an
     * instrument runs, and a jar rewritten under a starting (or restarted) JVM breaks it.
     */
    private static Path snapshot(Path repo, Path root) {
        try {
            for (String module : List.of("intake-service", "dispatch-service", "field-service", "followup-service",
                    "gateway", "deploy/auth-server")) {
                Path target = repo.resolve(module).resolve("target");
                Path copy = Files.createDirectories(root.resolve(module).resolve("target"));
                try (Stream<Path> jars = Files.list(target)) {
                    Path newest = jars.filter(j -> j.getFileName().toString().endsWith("-exec.jar"))
                            .max(Comparator.comparingLong(j -> j.toFile().lastModified()))
                            .orElseThrow(() -> new IllegalStateException("no *-exec.jar in " + target
                                    + "; build it with ./mvnw -B -DskipTests package"));
                    Files.copy(newest, copy.resolve(newest.getFileName()));
                }
            }
            // the broker's and the store's classpaths are not rebuilt by others' work
            Files.createDirectories(root.resolve("deploy/kafka-broker/target"));
            Files.createSymbolicLink(root.resolve("deploy/kafka-broker/target/lib"), repo.resolve("deploy/kafka-broker/target/lib"));
            Files.createDirectories(root.resolve("deploy/local/target"));
            Files.createSymbolicLink(root.resolve("deploy/local/target/lib"), repo.resolve("deploy/local/target/lib"));
            Files.createSymbolicLink(root.resolve("deploy/local/target/classes"), repo.resolve("deploy/local/target/classes"));
            Files.copy(repo.resolve("mvnw"), root.resolve("mvnw"));
            Files.copy(repo.resolve("deploy/local/pom.xml"), root.resolve("deploy/local/pom.xml"));
            // the grants brokers with authentication apply (--kafka-auth)
            Files.createDirectories(root.resolve("deploy/ops/k8s"));
            Files.copy(repo.resolve("deploy/ops/k8s/kafka-access.txt"), root.resolve("deploy/ops/k8s/kafka-access.txt"));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the jars to " + root, e);
        }
    }

    /**
     * Seeds the demo data, again if a freshly started service answers too slowly (a 504 on a busy machine):
     * seeding again changes nothing that is already there.
     */
    private static void seedPatiently(LocalStack stack) {
        for (int attempt = 1; ; attempt++) {
            try {
                DemoData.seed(stack);
                return;
            } catch (IllegalStateException e) {
                if (attempt == 10) {
                    throw e;
                }
                Report.log("seeding failed (%s); again in 10 s", e.getMessage().lines().findFirst().orElse(""));
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(10).toNanos());
            }
        }
    }

    /** The auth server's whole client list: the demo clients and one engineer client per bench engineer. */
    private static List<String> authClients(int benchEngineers) {
        List<String[]> clients = new ArrayList<>(DEMO_CLIENTS);
        for (int i = 1; i <= benchEngineers; i++) {
            clients.add(new String[] { "engineer-bench-" + i, "ENGINEER", null, "eng-bench-" + i });
        }
        List<String> args = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            String[] c = clients.get(i);
            String prefix = "--yunwei.auth.clients[" + i + "].";
            args.add(prefix + "id=" + c[0]);
            args.add(prefix + "secret=" + c[0] + "-secret");
            args.add(prefix + "roles[0]=" + c[1]);
            if (c[2] != null) {
                args.add(prefix + "customer-id=" + c[2]);
            }
            if (c[3] != null) {
                args.add(prefix + "engineer-id=" + c[3]);
            }
        }
        return args;
    }

    private void addBenchEngineers(int count) {
        for (int i = 1; i <= count; i++) {
            String body = """
                    {"id":"eng-bench-%d","name":"Bench Engineer %d","phone":"+86 135 0000 00%02d",
                     "skills":[{"category":"UPS","level":4},{"category":"SERVER","level":4},{"category":"PRINTER","level":4},
                               {"category":"NETWORK","level":4}],
                     "areas":["310115"],"capacity":50}""".formatted(i, i, i);
            Gateway.Response response = gateway.post("admin", "/api/v1/engineers", body);
            for (int attempt = 1; (response.status() == 0 || response.status() >= 500) && attempt < 10; attempt++) {
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(10).toNanos());
                response = gateway.post("admin", "/api/v1/engineers", body);
            }
            if (response.status() != 201 && response.status() != 409) {
                throw new IllegalStateException("cannot add bench engineer " + i + ": " + response);
            }
        }
    }

    /** The client that acts for an engineer id, as the demo and bench clients are named. */
    public static String clientOf(String engineerId) {
        return switch (engineerId) {
            case "eng-wang" -> "engineer-wang";
            case "eng-li" -> "engineer-li";
            default -> engineerId.startsWith("eng-bench-") ? "engineer-bench-" + engineerId.substring(10) : null;
        };
    }

    public Gateway gateway() {
        return gateway;
    }

    public String gatewayUrl() {
        return gatewayUrl;
    }

    public Optional<Map<String, Object>> kafka() {
        return Optional.ofNullable(kafka);
    }

    public Optional<String> mongo() {
        return Optional.ofNullable(mongo);
    }

    /** The stack, when the instrument started one; a deployment by URL has none. */
    public Optional<LocalStack> stack() {
        return Optional.ofNullable(stack);
    }

    /** The proxy between the services and the store, on a stack whose services each run in a JVM of their own. */
    public Optional<TcpProxy> storeRoute() {
        return Optional.ofNullable(storeRoute);
    }

    /** The proxy every client reaches the broker through, in the fault suite's one-broker layout. */
    public Optional<TcpProxy> brokerRoute() {
        return Optional.ofNullable(brokerRoute);
    }

    /**
     * One entry per process, named after the parts it runs: the services' shared JVM appears once, as
     * {@code services (intake-service, …)}, so its CPU and memory are counted once.
     */
    public static Map<String, Long> processes(Map<Node, Long> pids) {
        Map<Long, List<Node>> nodes = new java.util.LinkedHashMap<>();
        pids.forEach((node, pid) -> nodes.computeIfAbsent(pid, p -> new ArrayList<>()).add(node));
        Map<String, Long> processes = new java.util.LinkedHashMap<>();
        nodes.forEach((pid, shared) -> processes.put(shared.size() == 1 ? shared.getFirst().id()
                : "services" + (shared.getFirst().instance() == 1 ? "" : "-" + shared.getFirst().instance()) + " ("
                        + String.join(", ", shared.stream().map(node -> node.part().id()).toList()) + ")", pid));
        return processes;
    }

    public Map<Node, Long> pids() {
        return stack == null ? Map.of() : stack.pids();
    }

    @Override
    public synchronized void close() {
        if (stack != null && !stack.pids().isEmpty()) {
            Report.log("stopping the local stack ...");
            stack.close();
        }
        if (brokerRoute != null) {
            brokerRoute.close();
        }
        if (storeRoute != null) {
            storeRoute.close();
        }
        if (dataDir != null && Files.isDirectory(dataDir)) {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }
    }
}
