package io.yunwei.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;

/**
 * The whole system, started once for all end-to-end test classes of a test JVM (a start takes most of a minute)
 * and stopped when the JVM exits. The gateway's rate limit is lowered so a test can reach it.
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
            try {
                stack = new LocalStack(StackConfig.of(StackConfig.locateRepoRoot())
                        .withDataDir(Files.createTempDirectory("yunwei-e2e")).withPorts(Ports.free())
                        .withStartTimeout(Duration.ofMinutes(4))
                        .withArguments(Part.GATEWAY, "--yunwei.gateway.limits.requests-per-second=" + RATE_PER_SECOND,
                                "--yunwei.gateway.limits.burst=" + BURST));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "e2e-stack-shutdown"));
            stack.start();
            DemoData.seed(stack);
            api = new Api(stack.gatewayUrl());
        }
        return stack;
    }

    static synchronized Api api() {
        stack();
        return api;
    }
}
