package io.yunwei.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** One child JVM: its process and its log, how to wait until it is ready, and how to stop it. */
final class ChildProcess {

    private static final long POLL_MILLIS = 200;
    private static final int TAIL_LINES = 40;
    private static final int TAIL_BYTES = 16 * 1024;

    private final Node node;
    private final Process process;
    private final Path log;
    private final long startedNanos = System.nanoTime();

    private ChildProcess(Node node, Process process, Path log) {
        this.node = node;
        this.process = process;
        this.log = log;
    }

    static ChildProcess launch(Node node, List<String> command, Path log, boolean appendLog, Path workDir) {
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(OwnSession.of(command))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(appendLog ? Redirect.appendTo(log.toFile()) : Redirect.to(log.toFile()))
                    .start();
            // nothing is ever typed into a part; an open pipe would only leak a file descriptor
            process.getOutputStream().close();
            return new ChildProcess(node, process, log);
        } catch (IOException e) {
            throw new StartFailedException(node.part(), "cannot launch " + node + ": " + e.getMessage(), e);
        }
    }

    /** Blocks until {@code ready} holds; fails fast with the log tail when the process dies or time runs out. */
    Duration awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = startedNanos + timeout.toNanos();
        try {
            while (!ready.getAsBoolean()) {
                if (!process.isAlive()) {
                    throw failure(node + " exited with code " + process.exitValue() + " before it was ready");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw failure(node + " was not ready within " + timeout.toSeconds() + " s");
                }
                // waiting on the process rather than sleeping notices its death at once
                process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for " + node);
        }
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Blocks until a one-shot command, such as formatting storage, has finished successfully. */
    void awaitSuccess(String what, Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw failure(node + ": " + what + " did not finish within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for " + node + ": " + what);
        }
        if (process.exitValue() != 0) {
            throw failure(node + ": " + what + " failed with code " + process.exitValue());
        }
    }

    /** Asks the process to shut down gracefully (SIGTERM), without waiting. */
    void requestStop() {
        process.destroy();
    }

    /** Waits for the process to end, killing it if it has not ended within {@code grace}. */
    void awaitStopped(Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            // no time left to be gentle: leave no process behind
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Node node() {
        return node;
    }

    StartFailedException failure(String message) {
        return new StartFailedException(node.part(), message + "\n--- last lines of " + log + " ---\n" + logTail(log));
    }

    static String logTail(Path log) {
        try (var file = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
