package io.yunwei.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/** The command line of every part: which JVM, which options, which classpath or jar, which arguments. */
final class Commands {

    private static final String BUILD_HINT = "build it with: ./mvnw -B -DskipTests package (from the repository root)";

    // small heaps and the simplest collector and compiler when every service has a JVM of its own: eight JVMs
    // compiling the same framework at once with the optimising compiler keep two cores busy for minutes. A service
    // loads ~95 MB of classes and compiles ~25 MB of code: below the metaspace's first mark (21 MB by default) and
    // a code cache of C1's default 48 MB (a full collection for every 15 % of it compiled) the serial collector
    // stopped each JVM three to six times while it started and warmed up, 0.1-1 s each on a busy machine, in the
    // middle of a restart's recovery
    private static final List<String> SEPARATE_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:MetaspaceSize=128m", "-XX:ReservedCodeCacheSize=240m",
            "-XX:+ExitOnOutOfMemoryError");
    // the services' shared JVM and the gateway, each warmed once, run the optimising compiler: it halves the CPU of
    // a request once the framework's hot paths are compiled. Room for their classes from the start, as above (the
    // four services load ~120 MB, the gateway ~70 MB)
    private static final List<String> HOST_JVM = List.of("-Xmx768m", "-XX:+UseSerialGC", "-XX:MetaspaceSize=192m",
            "-XX:+ExitOnOutOfMemoryError", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    private static final List<String> GATEWAY_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:MetaspaceSize=128m",
            "-XX:+ExitOnOutOfMemoryError");
    // room for the store's page cache (StoreServer.CACHE_MB, full once the store holds a few hundred thousand
    // tickets) and the commands in flight beside it; a small store stays small. G1: the pages the commits write and the
    // cache takes in outlive young collections and die in the old generation, which the serial collector frees only by
    // stopping the store, 0.6 to 1.2 s every 9 minutes or so in the fault suite (and 45 ms, up to 260, for each young
    // collection); G1 frees it beside the store's work, its pauses kept near 50 ms (load benchmark: longest 67 ms;
    // serial 262)
    private static final List<String> STORE_JVM = List.of("-Xmx2560m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=50",
            "-XX:+ExitOnOutOfMemoryError", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    // which compiler the store runs follows the layout. Beside the services' shared JVM, the optimising one: a third
    // less CPU for the same commands once warm (load benchmark at 2/s: 11.1 CPU-s against 16.4 with C1 alone). Beside
    // a JVM per service, the layout restarts are tried in, C1 alone: a restarted store spent 44 % of its CPU for its
    // first minute compiling with C2 while the services' backlog waited on it, and the fault suite's store restart took
    // 38 s to catch up; with C1 11 s, the store using 0.27 cores at 1.5 lifecycles/s instead of 0.18
    private static final List<String> STORE_COMPILER_BESIDE_SEPARATE_SERVICES = List.of("-XX:TieredStopAtLevel=1");
    // G1 with a short pause target, as Kafka's own start scripts run a broker. What a broker keeps (its indexes, its
    // producers' state, fetch sessions) fills the old generation in an hour or so at 1.5 lifecycles/s; the serial
    // collector then stopped the broker, and every producer and consumer on it, for a full collection: 342 and 830 ms
    // in a 2¼-hour fault suite, its young collections up to 212 ms
    private static final List<String> KAFKA_JVM = List.of("-Xms64m", "-Xmx512m", "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
            // Kafka stops its own logging; Log4j's hook would only complain that it came too late
            "-Dlog4j2.shutdownHookEnabled=false");

    private final StackConfig config;
    private final String java;
    private final StartCache startCache;

    Commands(StackConfig config) {
        this.config = config;
        this.java = ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        this.startCache = new StartCache(java);
    }

    /**
     * Every child carries this option, naming its data dir, so that processes a killed launcher left behind can be
     * recognised and stopped by the next start on the same data dir.
     */
    static String marker(Path dataDir) {
        return "-Dyunwei.local.stack=" + dataDir;
    }

    /** Fails unless the build output a part runs from is there, so a start fails before it launches anything. */
    void requireBuilt(Part part) {
        switch (part) {
            case KAFKA -> {
                kafkaLib();
                if (config.kafkaAuth() && !Files.isRegularFile(accessList())) {
                    throw new StartFailedException(Part.KAFKA, "no access list at " + accessList()
                            + ": brokers with authentication grant the services only what it lists");
                }
            }
            case STORE -> launcherClasspath();
            case PROMETHEUS -> {
                // optional: the stack starts it only when the binary is there
            }
            default -> execJar(part);
        }
    }

    /** Formats a node's storage with every SCRAM user of {@link KafkaCredentials}, whatever this start's mode. */
    List<String> kafkaFormat(KafkaNode node) {
        List<String> args = new ArrayList<>(List.of("format", "--cluster-id", node.clusterId(),
                "--config", node.serverProperties().toString()));
        args.addAll(credentials().scramUsers());
        return kafka(node, List.of(), "kafka.tools.StorageTool", args.toArray(String[]::new));
    }

    /**
     * Grants the services' principals what the access list says ({@link KafkaAccess}), as the administrator, in a JVM
     * on the broker's classpath.
     */
    List<String> kafkaAccess(Node broker) {
        List<String> command = jvm(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of("-cp", kafkaLib() + File.separator + "*" + File.pathSeparator + launcherClasspath(),
                KafkaAccess.class.getName(), config.kafkaBootstrapServers(), config.dataDir().toString(),
                accessList().toString()));
        return command;
    }

    /** Who may do what on the brokers, the same list production applies. */
    Path accessList() {
        return config.repoRoot().resolve("deploy/ops/k8s/kafka-access.txt");
    }

    KafkaCredentials credentials() {
        return KafkaCredentials.of(config.dataDir());
    }

    List<String> kafkaBroker(KafkaNode node) {
        List<String> options = new ArrayList<>(classDataSharing(node.node()));
        options.addAll(gcLog(node.node()));
        return kafka(node, options, "kafka.Kafka", node.serverProperties().toString());
    }

    List<String> store() {
        List<String> command = jvm(STORE_JVM);
        if (!config.hostServices()) {
            command.addAll(STORE_COMPILER_BESIDE_SEPARATE_SERVICES);
        }
        command.addAll(gcLog(Node.of(Part.STORE)));
        command.addAll(List.of("-cp", launcherClasspath(), StoreServer.class.getName(),
                Integer.toString(config.ports().store()), storeFile().toString()));
        command.addAll(config.arguments().getOrDefault(Part.STORE, List.of()));
        return command;
    }

    Path storeFile() {
        return config.dataDir().resolve("store").resolve("yunwei.mv");
    }

    /**
     * One instance of the four services in one JVM ({@link ServiceHost}), each with the arguments it would have alone.
     */
    List<String> host(int instance) {
        Path apps = config.dataDir().resolve(instance == 1 ? "apps" : "apps-" + instance);
        Path logging = apps.resolve("logback.xml");
        try (var in = Commands.class.getResourceAsStream("services-logback.xml")) {
            Files.createDirectories(apps);
            Files.copy(in, logging, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + logging, e);
        }
        List<String> command = jvm(HOST_JVM);
        command.addAll(gcLog(new Node(StackConfig.SERVICES.getFirst(), instance)));
        command.add("-Dorg.springframework.boot.logging.LoggingSystem=none");
        command.add("-Dlogback.configurationFile=" + logging);
        command.addAll(List.of("-cp", launcherClasspath(), ServiceHost.class.getName(), apps.toString()));
        for (Part part : StackConfig.SERVICES) {
            command.add("--");
            command.add(execJar(part).toString());
            command.addAll(appArguments(new Node(part, instance)));
            // one JVM: each service's registry stays its own rather than joining one global registry
            command.add("--management.metrics.use-global-registry=false");
        }
        return command;
    }

    List<String> app(Node node) {
        List<String> command = jvm(appJvm(node.part()));
        command.addAll(gcLog(node));
        command.addAll(startCache.jar(execJar(node.part())));
        command.addAll(appArguments(node));
        return command;
    }

    /**
     * Makes the part's start cache unless this build of its jar has one ({@link StartCache}): {@code run} is given
     * the part's own command, without a GC log, that stops once its context is refreshed and writes the cache as it
     * exits, and the file for its output; it runs it and waits for it.
     *
     * @throws IllegalStateException when the cache could not be made; the part then starts from its jar
     */
    void prepareStartCache(Node node, BiConsumer<List<String>, Path> run) {
        startCache.prepare(execJar(node.part()), (jar, log) -> {
            List<String> command = jvm(appJvm(node.part()));
            command.add("-Dspring.context.exit=onRefresh");
            command.addAll(jar);
            command.addAll(appArguments(node));
            run.accept(command, log);
        });
    }

    private List<String> appJvm(Part part) {
        return config.hostServices() && part == Part.GATEWAY ? GATEWAY_JVM : SEPARATE_JVM;
    }

    private List<String> appArguments(Node node) {
        Part part = node.part();
        Ports ports = config.ports();
        String issuer = config.gatewayUrl();
        String jwks = "http://127.0.0.1:" + ports.auth() + "/oauth2/jwks";
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + ports.port(node));
        if (PrometheusNode.SCRAPED.contains(part)) {
            // exemplars only where OpenMetrics 1.0 allows them (counters, buckets): Prometheus before 2.43, as
            // Debian 12 ships it, drops a whole scrape that carries one on a summary's _count
            args.add("--management.prometheus.metrics.export.properties[io.prometheus.exporter.exemplarsOnAllMetricTypes]"
                    + "=false");
        }
        switch (part) {
            case AUTH -> {
                args.add("--yunwei.auth.issuer=" + issuer);
                args.add("--yunwei.auth.key-file=" + config.dataDir().resolve("auth-server/signing-key.json"));
            }
            case GATEWAY -> {
                // every instance of each service: the gateway balances over them
                for (Part service : List.of(Part.INTAKE, Part.DISPATCH, Part.FIELD, Part.FOLLOWUP, Part.AUTH)) {
                    args.add("--yunwei.gateway.services." + routeName(service) + "=" + config.nodes(service).stream()
                            .map(instance -> "http://127.0.0.1:" + ports.port(instance))
                            .collect(Collectors.joining(",")));
                }
                args.add("--yunwei.security.jwk-set-uri=" + jwks);
                args.add("--yunwei.security.issuer=" + issuer);
                args.add("--yunwei.api.public-url=" + issuer);
            }
            case INTAKE, DISPATCH, FIELD, FOLLOWUP -> {
                args.add("--spring.kafka.bootstrap-servers=" + config.kafkaBootstrapServers());
                if (config.kafkaAuth()) {
                    // the password in a file of the data dir readable by its owner only, not on the command line
                    args.add("--spring.config.import=file:" + kafkaLogin(part));
                }
                args.add("--spring.mongodb.uri=" + config.serviceStoreUri());
                args.add("--yunwei.security.jwk-set-uri=" + jwks);
                args.add("--yunwei.security.issuer=" + issuer);
                // the server their API descriptions name: the gateway, where integrators call them
                args.add("--yunwei.api.public-url=" + issuer);
                if (part == Part.INTAKE) {
                    // each instance's ticket index, kept with the data: a start reads the store only into a new one;
                    // it records where it stands on the brokers' topics, so each broker layout has its own
                    args.add("--yunwei.search.index-dir=" + config.dataDir().resolve("search")
                            .resolve((config.brokers() == 1 ? "" : "cluster-") + node.id()));
                    // webhook secrets are encrypted with a key kept beside the data, not in the store; demo
                    // receivers run on this machine, over plain http
                    args.add("--yunwei.webhooks.encryption-key-file=" + config.dataDir().resolve("intake/webhooks.key"));
                    args.add("--yunwei.webhooks.allowed-hosts=localhost,127.0.0.1");
                    args.add("--yunwei.webhooks.require-https=false");
                }
            }
            case KAFKA, STORE, PROMETHEUS ->
                    throw new IllegalArgumentException(part + " is not a Spring Boot application");
        }
        args.addAll(config.arguments().getOrDefault(part, List.of()));
        return args;
    }

    /**
     * The JVM archives the classes a part loaded when it exits and maps them on its next start, which takes seconds
     * off a start on a small machine. Only classpaths of jars qualify, which leaves out Spring Boot's nested jars and
     * the store's target/classes.
     */
    private List<String> classDataSharing(Node node) {
        Path archives = config.dataDir().resolve("cds");
        try {
            // the JVM creates the archive but not its folder, and fails at exit without it
            Files.createDirectories(archives);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + archives, e);
        }
        Path archive = archives.resolve(node.id() + ".jsa");
        return List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive", "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off");
    }

    /**
     * Every JVM that runs a part logs its garbage collector's pauses, a file per process id
     * ({@link StackConfig#gcLogs()}), so the JVM a restart brings keeps what the one before it logged; two files of
     * 20 MB each at most per JVM. A pause stalls everything the process serves, so these say whether a slow moment was
     * the collector.
     */
    private List<String> gcLog(Node node) {
        Path file = config.gcLogFile(node);
        try {
            // the JVM refuses to start if the folder of its log is missing
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        }
        return List.of("-Xlog:gc:file=\"" + file + "\":utctime,uptime:filecount=2,filesize=20m");
    }

    /** A service's Kafka login, as Spring Boot properties in a file only its owner may read. */
    private Path kafkaLogin(Part service) {
        Path file = config.dataDir().resolve("kafka-logins").resolve(service.id() + ".properties");
        var login = new java.util.Properties();
        credentials().clientProperties(service.id()).forEach((key, value) ->
                login.setProperty("spring.kafka.properties." + key, value));
        try {
            KafkaCredentials.writePrivately(file, login, "the Kafka login of " + service.id() + "; written on every start");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private List<String> kafka(KafkaNode node, List<String> extraOptions, String mainClass, String... args) {
        Path lib = kafkaLib();
        List<String> command = jvm(KAFKA_JVM);
        command.addAll(extraOptions);
        if (Runtime.version().feature() >= 24) {
            // Kafka unmaps its index files through sun.misc.Unsafe, which JDK 24+ warns about on every start
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-Dlog4j2.configurationFile=" + node.logConfig());
        command.addAll(List.of("-cp", lib + File.separator + "*", mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private Path kafkaLib() {
        Path lib = config.repoRoot().resolve(Part.KAFKA.module()).resolve("target/lib");
        try (var jars = Files.list(lib)) {
            if (jars.anyMatch(jar -> jar.getFileName().toString().startsWith("kafka_2.13-"))) {
                return lib;
            }
        } catch (IOException e) {
            // reported below like an empty folder
        }
        throw new StartFailedException(Part.KAFKA, "Kafka's jars are missing from " + lib + "; " + BUILD_HINT);
    }

    private List<String> jvm(List<String> options) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add(marker(config.dataDir()));
        command.addAll(options);
        return command;
    }

    /** The newest {@code *-exec.jar} in the part's module, so a version bump needs no change here. */
    private Path execJar(Part part) {
        Path target = config.repoRoot().resolve(part.module()).resolve("target");
        try (var files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-exec.jar"))
                    .max(Comparator.comparing(Commands::lastModified))
                    .orElseThrow(() -> missing(part, target));
        } catch (IOException e) {
            throw missing(part, target);
        }
    }

    /**
     * The store runs from the launcher's own build output; a test run from an IDE before {@code package} has no
     * target/lib, and then the running JVM's classpath serves.
     */
    private String launcherClasspath() {
        Path module = config.repoRoot().resolve(Part.STORE.module());
        Path lib = module.resolve("target/lib");
        if (Files.isDirectory(lib)) {
            return module.resolve("target/classes") + File.pathSeparator + lib + File.separator + "*";
        }
        return System.getProperty("java.class.path");
    }

    private static String routeName(Part service) {
        return switch (service) {
            case INTAKE -> "intake";
            case DISPATCH -> "dispatch";
            case FIELD -> "field";
            case FOLLOWUP -> "followup";
            case AUTH -> "auth";
            default -> throw new IllegalArgumentException(service + " is not behind the gateway");
        };
    }

    private static StartFailedException missing(Part part, Path target) {
        return new StartFailedException(part, "no " + part + " jar (*-exec.jar) in " + target + "; " + BUILD_HINT);
    }

    private static long lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
