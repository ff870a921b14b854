package io.yunwei.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The whole system on one machine: a Kafka broker and the store first, then the authorization server, then the four
 * services and the gateway. By default the four services share one JVM ({@link ServiceHost}); each can have a JVM of
 * its own ({@link StackConfig#withSeparateServices()}), as in production. The cluster layout runs three Kafka nodes
 * ({@link StackConfig#withBrokers(int)}) and two instances of every service and of the gateway
 * ({@link StackConfig#withInstances(int)}). Each process writes its output to {@code <data dir>/logs/<node>.log}.
 * Everything kept in the data dir survives a stop and the next start.
 *
 * <p>As a program ({@code deploy/local/run}) it runs the stack on the default ports until Ctrl-C. As an API, for
 * end-to-end tests: {@code new LocalStack(StackConfig.of(root).withDataDir(dir).withPorts(Ports.free()))}.
 */
public final class LocalStack implements AutoCloseable {

    private static final List<Part> INFRASTRUCTURE = List.of(Part.KAFKA, Part.STORE);
    private static final List<Part> AUTHORIZATION = List.of(Part.AUTH);
    private static final List<Part> APPLICATIONS = List.of(Part.INTAKE, Part.DISPATCH, Part.FIELD, Part.FOLLOWUP,
            Part.GATEWAY);
    private static final List<Part> OBSERVABILITY = List.of(Part.PROMETHEUS);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration FORMAT_TIMEOUT = Duration.ofMinutes(1);

    private final StackConfig config;
    private final Progress progress;
    private final Commands commands;
    private final PrometheusNode prometheus;
    private final Optional<Path> prometheusBinary;
    private final Readiness readiness = new Readiness();
    private final Map<Node, ChildProcess> running = new ConcurrentHashMap<>();
    private final Set<Node> logStarted = ConcurrentHashMap.newKeySet();
    private final Object guard = new Object();
    private DataDirLock lock;
    private boolean closed;

    public LocalStack(StackConfig config) {
        this(config, Progress.SILENT);
    }

    public LocalStack(StackConfig config, Progress progress) {
        this(config, progress, PrometheusNode.binary());
    }

    LocalStack(StackConfig config, Progress progress, Optional<Path> prometheusBinary) {
        this.config = Objects.requireNonNull(config, "config");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.commands = new Commands(config);
        this.prometheus = new PrometheusNode(config.dataDir(), config.repoRoot());
        this.prometheusBinary = Objects.requireNonNull(prometheusBinary, "prometheusBinary");
    }

    /**
     * Starts every part that is not running yet and blocks until all are ready. If one fails, everything is stopped
     * and the {@link StartFailedException} names the part and ends with its log tail. Prometheus comes last, and
     * only when its binary is on the PATH; the system works without it, so its absence or failure is only reported.
     */
    public void start() {
        // the authorization server needs neither broker nor store: it starts beside them
        start(List.of(nodes(Stream.concat(INFRASTRUCTURE.stream(), AUTHORIZATION.stream()).toList()),
                nodes(APPLICATIONS)));
        Node prometheusNode = Node.of(Part.PROMETHEUS);
        if (prometheusBinary.isEmpty()) {
            progress.skipped(prometheusNode, "no prometheus binary on the PATH (Debian: apt-get install prometheus)");
            return;
        }
        try {
            startTier(nodes(OBSERVABILITY));
        } catch (StartFailedException e) {
            stopNodes(nodes(OBSERVABILITY));
            progress.skipped(prometheusNode, e.getMessage().lines().findFirst().orElse("failed") + "; see "
                    + config.logFile(prometheusNode));
        }
    }

    /** Starts only the Kafka nodes and the store, as {@link #start()} does. */
    public void startInfrastructure() {
        start(List.of(nodes(INFRASTRUCTURE)));
    }

    /** Starts every Kafka node again after {@link #stopKafka()}, on the same storage. */
    public void startKafka() {
        start(Part.KAFKA);
    }

    /** Stops every Kafka node, leaving everything else running: a broker outage. */
    public void stopKafka() {
        stop(Part.KAFKA);
    }

    /**
     * Stops every instance of one part, leaving everything else running: an outage of that part. A service that shares
     * its JVM with the others ({@link StackConfig#hostServices()}) stops with them.
     */
    public void stop(Part part) {
        stopNodes(config.nodes(part));
    }

    /** Starts every instance of one part again after {@link #stop(Part)} and waits until they are ready. */
    public void start(Part part) {
        start(List.of(config.nodes(part)));
    }

    /** Stops one instance of a part (with the services sharing its JVM), leaving every other process running. */
    public void stop(Node node) {
        stopNodes(List.of(node));
    }

    /** Starts one instance of a part again, after {@link #stop(Node)} or after its process was killed. */
    public void start(Node node) {
        start(List.of(List.of(node)));
    }

    /**
     * Stops every part, Prometheus, the gateway and services first and the infrastructure last, and waits until all
     * are gone.
     */
    public void stop() {
        stopNodes(nodes(OBSERVABILITY));
        stopNodes(nodes(APPLICATIONS));
        stopNodes(nodes(AUTHORIZATION));
        stopNodes(nodes(INFRASTRUCTURE));
        synchronized (guard) {
            if (lock != null && running.isEmpty()) {
                lock.release();
                lock = null;
            }
        }
    }

    /** Stops everything for good: a start running concurrently, as on Ctrl-C, launches nothing more. */
    @Override
    public void close() {
        synchronized (guard) {
            closed = true;
        }
        stop();
    }

    /** Whether every instance of the part is running. */
    public boolean isRunning(Part part) {
        return config.nodes(part).stream().allMatch(this::isRunning);
    }

    public boolean isRunning(Node node) {
        ChildProcess child = running.get(node);
        return child != null && child.isAlive();
    }

    public StackConfig config() {
        return config;
    }

    /** The first gateway's URL, also the tokens' issuer. */
    public String gatewayUrl() {
        return config.gatewayUrl();
    }

    /** Every gateway instance's URL, the first one first; a client may call any. */
    public List<String> gatewayUrls() {
        return config.nodes(Part.GATEWAY).stream().map(node -> "http://localhost:" + config.ports().port(node))
                .toList();
    }

    public String authUrl() {
        return "http://localhost:" + config.ports().auth();
    }

    /** Every Kafka node's client listener. */
    public String kafkaBootstrapServers() {
        return config.kafkaBootstrapServers();
    }

    /**
     * What a Kafka client needs to connect as one of the stack's principals ({@code "yunwei-admin"}, a super user, or a
     * service's id such as {@code "intake-service"}): the bootstrap servers and, when the brokers authenticate
     * ({@link StackConfig#withKafkaAuth()}), its SASL login.
     */
    public Map<String, Object> kafkaClientProperties(String principal) {
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put("bootstrap.servers", config.kafkaBootstrapServers());
        if (config.kafkaAuth()) {
            properties.putAll(commands.credentials().clientProperties(principal));
        }
        return properties;
    }

    /** {@link #kafkaClientProperties(String)} of the administrator, who may do anything. */
    public Map<String, Object> kafkaAdminProperties() {
        return kafkaClientProperties(KafkaCredentials.ADMIN);
    }

    public String mongoUri() {
        return "mongodb://127.0.0.1:" + config.ports().store();
    }

    /** Where the stack's Prometheus answers, while it runs one (see {@link #start()}). */
    public Optional<String> prometheusUrl() {
        return isRunning(Part.PROMETHEUS) ? Optional.of("http://localhost:" + config.ports().prometheus())
                : Optional.empty();
    }

    /** The process ids of the processes running now; the services of one instance share one when they share a JVM. */
    public Map<Node, Long> pids() {
        Map<Node, Long> pids = new TreeMap<>(Comparator.comparing(Node::part).thenComparing(Node::instance));
        running.forEach((node, child) -> {
            if (child.isAlive()) {
                pids.put(node, child.pid());
            }
        });
        return Collections.unmodifiableMap(pids);
    }

    /** The process id of a part's first instance, while it runs. */
    public Optional<Long> pid(Part part) {
        return Optional.ofNullable(pids().get(Node.of(part)));
    }

    /** The resident memory of all running parts together, in bytes (0 where the platform does not tell). */
    public long residentBytes() {
        return pids().values().stream().distinct().mapToLong(pid -> ProcessMemory.residentBytes(pid).orElse(0)).sum();
    }

    public static void main(String[] args) throws InterruptedException {
        Path repoRoot = StackConfig.locateRepoRoot();
        StackConfig config;
        try {
            config = Layout.parse(args).applyTo(StackConfig.of(args.length > 0 && !args[0].startsWith("--")
                    ? Path.of(args[0]) : repoRoot));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Layout.USAGE);
            System.exit(2);
            return;
        }
        var console = new Console(System.out);
        var stack = new LocalStack(config, console);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!stack.pids().isEmpty()) {
                console.stopping();
            }
            stack.close();
        }, "local-stack-shutdown"));
        console.starting(stack);
        long started = System.nanoTime();
        try {
            stack.start();
        } catch (StartFailedException e) {
            if (!stack.isClosed()) {
                System.err.println(e.getMessage());
                System.exit(1);
            }
            return;
        }
        console.ready(stack, Duration.ofNanos(System.nanoTime() - started));
        try {
            DemoData.seed(stack);
        } catch (RuntimeException e) {
            // the stack itself is fine; say so rather than take it down
            System.err.println("demo data could not be seeded: " + e.getMessage());
        }
        console.banner(stack);
        // from here the shutdown hook does the work, on Ctrl-C or SIGTERM
        Thread.currentThread().join();
    }

    private boolean isClosed() {
        synchronized (guard) {
            return closed;
        }
    }

    /** Every instance of these parts. */
    private List<Node> nodes(List<Part> parts) {
        return parts.stream().flatMap(part -> config.nodes(part).stream()).toList();
    }

    private void start(List<List<Node>> tiers) {
        lockDataDir();
        try {
            tiers = tiers.stream().map(this::withSharedJvm).toList();
            List<Node> wanted = tiers.stream().flatMap(List::stream).filter(node -> !isRunning(node)).toList();
            List<String> busy = wanted.stream()
                    .flatMap(node -> Ports.busy(config.ports().of(node)).stream().map(port -> port + " (" + node + ")"))
                    .toList();
            if (!busy.isEmpty()) {
                throw new StartFailedException(null, "port " + String.join(", ", busy) + " already in use: another"
                        + " stack or program listens there (see ss -ltnp); stop it or choose other ports");
            }
            wanted.stream().map(Node::part).distinct().forEach(commands::requireBuilt);
            for (List<Node> tier : tiers) {
                startTier(tier);
            }
        } catch (RuntimeException e) {
            // a stack that failed to start is of no use half-started, and its processes would be strays
            stop();
            throw e;
        }
    }

    /** The nodes with every service that shares a JVM with one of them: they start and stop together. */
    private List<Node> withSharedJvm(List<Node> nodes) {
        return nodes.stream().flatMap(node -> config.hosted(node.part())
                ? StackConfig.SERVICES.stream().map(service -> new Node(service, node.instance()))
                : Stream.of(node)).distinct().toList();
    }

    private void startTier(List<Node> tier) {
        List<Node> nodes = withSharedJvm(tier).stream().filter(node -> !isRunning(node)).toList();
        startNodes(nodes);
        if (config.kafkaAuth() && nodes.stream().anyMatch(node -> node.part() == Part.KAFKA)) {
            grantKafkaAccess();
        }
    }

    /**
     * Brings the brokers' ACLs in line with the access list, unless the list is what was applied last on this storage
     * (the ACLs live in the brokers' metadata log and survive restarts).
     */
    private void grantKafkaAccess() {
        Path applied = KafkaNode.root(config.dataDir(), config.brokers()).resolve("access.applied");
        try {
            String list = Files.readString(commands.accessList());
            if (Files.isRegularFile(applied) && Files.readString(applied).equals(list)) {
                return;
            }
            Node first = config.nodes(Part.KAFKA).getFirst();
            ChildProcess.launch(first, commands.kafkaAccess(first), config.logFile(first), true, config.dataDir())
                    .awaitSuccess("granting the services' access", FORMAT_TIMEOUT);
            Files.writeString(applied, list);
        } catch (IOException e) {
            throw new StartFailedException(Part.KAFKA, "cannot apply the access list " + commands.accessList()
                    + ": " + e, e);
        }
    }

    private void startNodes(List<Node> nodes) {
        var failure = new AtomicReference<StartFailedException>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Node node : nodes) {
                executor.execute(() -> {
                    try {
                        startNode(node, failure);
                    } catch (RuntimeException e) {
                        StartFailedException failed = e instanceof StartFailedException known ? known
                                : new StartFailedException(node.part(), node + " could not start: " + e, e);
                        // the first failure is the one to report; stopping the siblings only ends their wait sooner
                        if (failure.compareAndSet(null, failed)) {
                            nodes.stream().map(running::get).filter(Objects::nonNull)
                                    .forEach(ChildProcess::requestStop);
                        }
                    }
                });
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private void startNode(Node node, AtomicReference<StartFailedException> siblingFailure) {
        if (siblingFailure.get() != null) {
            return;
        }
        progress.starting(node);
        long started = System.nanoTime();
        ChildProcess child = switch (node.part()) {
            case KAFKA -> launchKafka(node);
            case PROMETHEUS -> launchPrometheus(node);
            default -> config.hosted(node.part()) ? launchHost(node.instance()) : launch(node, command(node));
        };
        if (siblingFailure.get() != null) {
            child.requestStop();
        }
        child.awaitReady(() -> isReady(node), config.startTimeout());
        progress.ready(node, Duration.ofNanos(System.nanoTime() - started));
    }

    private ChildProcess launchKafka(Node node) {
        var kafka = new KafkaNode(config.dataDir(), node, config.brokers());
        kafka.writeConfiguration(config, commands.credentials());
        if (!kafka.isFormatted()) {
            launch(node, commands.kafkaFormat(kafka)).awaitSuccess("formatting its storage", FORMAT_TIMEOUT);
            kafka.markCredentialsFormatted();
        } else if (config.kafkaAuth() && !kafka.hasCredentials()) {
            throw new StartFailedException(Part.KAFKA, "the Kafka storage in " + kafka.storage() + " was formatted"
                    + " without the principals' credentials, so no client could log in: start without --kafka-auth,"
                    + " or remove " + KafkaNode.root(config.dataDir(), config.brokers()) + " (its topics) first");
        }
        return launch(node, commands.kafkaBroker(kafka));
    }

    /**
     * One instance's shared services JVM, launched by whichever of its services starts first and then run by all
     * four.
     */
    private ChildProcess launchHost(int instance) {
        synchronized (guard) {
            List<Node> services = StackConfig.SERVICES.stream().map(service -> new Node(service, instance)).toList();
            for (Node service : services) {
                ChildProcess host = running.get(service);
                if (host != null && host.isAlive()) {
                    return host;
                }
            }
            ChildProcess host = launch(services.getFirst(), commands.host(instance));
            services.forEach(service -> running.put(service, host));
            return host;
        }
    }

    private ChildProcess launchPrometheus(Node node) {
        prometheus.writeConfiguration(config);
        return launch(node, prometheus.command(prometheusBinary.orElseThrow(), config.ports().prometheus()));
    }

    private List<String> command(Node node) {
        if (node.part() == Part.STORE) {
            return commands.store();
        }
        prepareStartCache(node);
        return commands.app(node);
    }

    /** The first start of a part's build trains its start cache; without one the part starts all the same, slower. */
    private void prepareStartCache(Node node) {
        try {
            commands.prepareStartCache(node, (command, log) -> {
                progress.training(node);
                ChildProcess training;
                synchronized (guard) {
                    if (closed) {
                        throw new StartFailedException(node.part(), "the stack is shutting down");
                    }
                    training = ChildProcess.launch(node, command, log, false, config.dataDir());
                }
                training.awaitSuccess("the training start of its start cache", config.startTimeout());
            });
        } catch (IllegalStateException e) {
            progress.startCacheFailed(node, e.getMessage());
        }
    }

    private ChildProcess launch(Node node, List<String> command) {
        synchronized (guard) {
            if (closed) {
                throw new StartFailedException(node.part(), "the stack is shutting down");
            }
            // a part's log starts afresh with each stack, and goes on across its restarts within one
            boolean append = !logStarted.add(node);
            ChildProcess child = ChildProcess.launch(node, command, config.logFile(node), append, config.dataDir());
            running.put(node, child);
            return child;
        }
    }

    private boolean isReady(Node node) {
        int port = config.ports().port(node);
        return switch (node.part()) {
            case KAFKA -> Readiness.kafkaAnswers(port);
            case STORE -> Readiness.accepts(port);
            case PROMETHEUS -> readiness.prometheusReady(port);
            default -> readiness.healthy(port);
        };
    }

    private void stopNodes(List<Node> nodes) {
        // a service of a shared JVM stops all four of its instance: they share one process
        List<ChildProcess> stopping = withSharedJvm(nodes).stream().map(running::remove).filter(Objects::nonNull)
                .distinct().toList();
        stopping.forEach(ChildProcess::requestStop);
        stopping.forEach(child -> child.awaitStopped(STOP_GRACE));
    }

    private void lockDataDir() {
        synchronized (guard) {
            if (closed) {
                throw new StartFailedException(null, "the stack is closed");
            }
            if (lock != null) {
                return;
            }
            lock = DataDirLock.acquire(config.dataDir());
        }
        stopLeftovers();
    }

    /** Holding the lock, any live process marked with this data dir was left behind by a launcher killed hard. */
    private void stopLeftovers() {
        String marker = Commands.marker(config.dataDir());
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
                .filter(process -> process.info().arguments().map(args -> Arrays.asList(args).contains(marker))
                        .orElse(false))
                .toList();
        leftovers.forEach(process -> {
            process.destroy();
            progress.leftoverStopped(process.pid());
        });
        for (ProcessHandle process : leftovers) {
            try {
                process.onExit().get(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
