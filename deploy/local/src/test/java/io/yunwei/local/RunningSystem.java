package io.yunwei.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The whole system, started once for all end-to-end test classes of a test JVM (a start takes most of a minute)
 * and stopped when the JVM exits. The gateway's rate limit is lowered so a test can reach it. The brokers
 * authenticate every client and authorize by the access list, as in production, so every end-to-end test also shows
 * each service working under its own principal; a test reads topics as the administrator
 * ({@link LocalStack#kafkaAdminProperties()}).
 */
final class RunningSystem {

    static final int RATE_PER_SECOND = 40;
    static final int BURST = 80;

    private static LocalStack stack;
    private static Api api;

    private RunningSystem() {
    }

    static synchronized LocalStack stack() {
        if (stack == null) {
            Path data;
            try {
                data = Files.createTempDirectory("yunwei-e2e");
                stack = new LocalStack(StackConfig.of(StackConfig.locateRepoRoot())
                        .withDataDir(data).withPorts(Ports.free()).withKafkaAuth()
                        .withStartTimeout(Duration.ofMinutes(6))
                        .withArguments(Part.GATEWAY, "--yunwei.gateway.limits.requests-per-second=" + RATE_PER_SECOND,
                                "--yunwei.gateway.limits.burst=" + BURST));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LocalStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                delete(data);
            }, "e2e-stack-shutdown"));
            stack.start();
            DemoData.seed(stack);
            api = new Api(stack.gatewayUrl());
        }
        return stack;
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    static synchronized Api api() {
        stack();
        return api;
    }
}
