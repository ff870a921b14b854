package io.yunwei.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole system on one machine: a Kafka broker and the store first, then the authorization server, then the four
 * services and the gateway. By default the four services share one JVM ({@link ServiceHost}); each can have a JVM of
 * its own ({@link StackConfig#withSeparateServices()}), as in production. Each process writes its output to
 * {@code <data dir>/logs/<part>.log}. Everything kept in the data dir survives a stop and the next start.
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
    private final KafkaNode kafka;
    private final PrometheusNode prometheus;
    private final Optional<Path> prometheusBinary;
    private final Readiness readiness = new Readiness();
    private final Map<Part, ChildProcess> running = new ConcurrentHashMap<>();
    private final Set<Part> logStarted = ConcurrentHashMap.newKeySet();
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
        this.kafka = new KafkaNode(config.dataDir());
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
        start(List.of(java.util.stream.Stream.concat(INFRASTRUCTURE.stream(), AUTHORIZATION.stream()).toList(),
                APPLICATIONS));
        if (prometheusBinary.isEmpty()) {
            progress.skipped(Part.PROMETHEUS, "no prometheus binary on the PATH (Debian: apt-get install prometheus)");
            return;
        }
        try {
            startTier(OBSERVABILITY);
        } catch (StartFailedException e) {
            stop(OBSERVABILITY);
            progress.skipped(Part.PROMETHEUS, e.getMessage().lines().findFirst().orElse("failed") + "; see "
                    + config.logFile(Part.PROMETHEUS));
        }
    }

    /** Starts only the Kafka broker and the store, as {@link #start()} does. */
    public void startInfrastructure() {
        start(List.of(INFRASTRUCTURE));
    }

    /** Starts the broker again after {@link #stopKafka()}, on the same storage. */
    public void startKafka() {
        start(List.of(List.of(Part.KAFKA)));
    }

    /** Stops only the broker, leaving everything else running: a broker outage. */
    public void stopKafka() {
        stop(List.of(Part.KAFKA));
    }

    /**
     * Stops one part, leaving everything else running: an outage of that part. A service that shares its JVM with
     * the others ({@link StackConfig#hostServices()}) stops with them.
     */
    public void stop(Part part) {
        stop(List.of(part));
    }

    /** Starts one part again after {@link #stop(Part)} and waits until it is ready. */
    public void start(Part part) {
        start(List.of(List.of(part)));
    }

    /**
     * Stops every part, Prometheus, the gateway and services first and the infrastructure last, and waits until all
     * are gone.
     */
    public void stop() {
        stop(OBSERVABILITY);
        stop(APPLICATIONS);
        stop(AUTHORIZATION);
        stop(INFRASTRUCTURE);
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

    public boolean isRunning(Part part) {
        ChildProcess child = running.get(part);
        return child != null && child.isAlive();
    }

    public StackConfig config() {
        return config;
    }

    public String gatewayUrl() {
        return config.gatewayUrl();
    }

    public String authUrl() {
        return "http://localhost:" + config.ports().auth();
    }

    public String kafkaBootstrapServers() {
        return "127.0.0.1:" + config.ports().kafka();
    }

    public String mongoUri() {
        return "mongodb://127.0.0.1:" + config.ports().store();
    }

    /** Where the stack's Prometheus answers, while it runs one (see {@link #start()}). */
    public Optional<String> prometheusUrl() {
        return isRunning(Part.PROMETHEUS) ? Optional.of("http://localhost:" + config.ports().prometheus())
                : Optional.empty();
    }

    /** The process ids of the parts running now; the services share one when they share a JVM. */
    public Map<Part, Long> pids() {
        Map<Part, Long> pids = new EnumMap<>(Part.class);
        running.forEach((part, child) -> {
            if (child.isAlive()) {
                pids.put(part, child.pid());
            }
        });
        return Collections.unmodifiableMap(pids);
    }

    /** The resident memory of all running parts together, in bytes (0 where the platform does not tell). */
    public long residentBytes() {
        return pids().values().stream().distinct().mapToLong(pid -> ProcessMemory.residentBytes(pid).orElse(0)).sum();
    }

    public static void main(String[] args) throws InterruptedException {
        Path repoRoot = args.length > 0 ? Path.of(args[0]) : StackConfig.locateRepoRoot();
        var console = new Console(System.out);
        var stack = new LocalStack(StackConfig.of(repoRoot), console);
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

    private void start(List<List<Part>> tiers) {
        lockDataDir();
        try {
            tiers = tiers.stream().map(this::withSharedJvm).toList();
            List<Part> wanted = tiers.stream().flatMap(List::stream).filter(part -> !isRunning(part)).toList();
            List<String> busy = wanted.stream()
                    .flatMap(part -> Ports.busy(config.ports().of(part)).stream().map(port -> port + " (" + part + ")"))
                    .toList();
            if (!busy.isEmpty()) {
                throw new StartFailedException(null, "port " + String.join(", ", busy) + " already in use: another"
                        + " stack or program listens there (see ss -ltnp); stop it or choose other ports");
            }
            wanted.forEach(commands::requireBuilt);
            for (List<Part> tier : tiers) {
                startTier(tier);
            }
        } catch (RuntimeException e) {
            // a stack that failed to start is of no use half-started, and its processes would be strays
            stop();
            throw e;
        }
    }

    /** The parts with every service that shares a JVM with one of them: they start and stop together. */
    private List<Part> withSharedJvm(List<Part> parts) {
        return parts.stream().anyMatch(config::hosted)
                ? java.util.stream.Stream.concat(parts.stream(), StackConfig.SERVICES.stream()).distinct().toList()
                : parts;
    }

    private void startTier(List<Part> tier) {
        List<Part> parts = withSharedJvm(tier).stream().filter(part -> !isRunning(part)).toList();
        var failure = new AtomicReference<StartFailedException>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Part part : parts) {
                executor.execute(() -> {
                    try {
                        startPart(part, failure);
                    } catch (RuntimeException e) {
                        StartFailedException failed = e instanceof StartFailedException known ? known
                                : new StartFailedException(part, part + " could not start: " + e, e);
                        // the first failure is the one to report; stopping the siblings only ends their wait sooner
                        if (failure.compareAndSet(null, failed)) {
                            parts.stream().map(running::get).filter(Objects::nonNull)
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

    private void startPart(Part part, AtomicReference<StartFailedException> siblingFailure) {
        if (siblingFailure.get() != null) {
            return;
        }
        progress.starting(part);
        long started = System.nanoTime();
        ChildProcess child = switch (part) {
            case KAFKA -> launchKafka();
            case PROMETHEUS -> launchPrometheus();
            default -> config.hosted(part) ? launchHost() : launch(part, command(part));
        };
        if (siblingFailure.get() != null) {
            child.requestStop();
        }
        child.awaitReady(() -> isReady(part), config.startTimeout());
        progress.ready(part, Duration.ofNanos(System.nanoTime() - started));
    }

    private ChildProcess launchKafka() {
        kafka.writeConfiguration(config.ports());
        if (!kafka.isFormatted()) {
            launch(Part.KAFKA, commands.kafkaFormat(kafka)).awaitSuccess("formatting its storage", FORMAT_TIMEOUT);
        }
        return launch(Part.KAFKA, commands.kafkaBroker(kafka));
    }

    /** The services' shared JVM, launched by whichever of them starts first and then run by all four. */
    private ChildProcess launchHost() {
        synchronized (guard) {
            for (Part service : StackConfig.SERVICES) {
                ChildProcess host = running.get(service);
                if (host != null && host.isAlive()) {
                    return host;
                }
            }
            ChildProcess host = launch(StackConfig.SERVICES.getFirst(), commands.host());
            StackConfig.SERVICES.forEach(service -> running.put(service, host));
            return host;
        }
    }

    private ChildProcess launchPrometheus() {
        prometheus.writeConfiguration(config.ports());
        return launch(Part.PROMETHEUS, prometheus.command(prometheusBinary.orElseThrow(), config.ports().prometheus()));
    }

    private List<String> command(Part part) {
        return part == Part.STORE ? commands.store() : commands.app(part);
    }

    private ChildProcess launch(Part part, List<String> command) {
        synchronized (guard) {
            if (closed) {
                throw new StartFailedException(part, "the stack is shutting down");
            }
            // a part's log starts afresh with each stack, and goes on across its restarts within one
            boolean append = !logStarted.add(part);
            ChildProcess child = ChildProcess.launch(part, command, config.logFile(part), append, config.dataDir());
            running.put(part, child);
            return child;
        }
    }

    private boolean isReady(Part part) {
        int port = config.ports().port(part);
        return switch (part) {
            case KAFKA -> Readiness.kafkaAnswers(port);
            case STORE -> Readiness.accepts(port);
            case PROMETHEUS -> readiness.prometheusReady(port);
            default -> readiness.healthy(port);
        };
    }

    private void stop(List<Part> tier) {
        // a part of the services' shared JVM stops all four: they share one process
        List<ChildProcess> stopping = withSharedJvm(tier).stream().map(running::remove).filter(Objects::nonNull).distinct().toList();
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
