package io.yunwei.bench.fault;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.yunwei.bench.ProcessSampler;

/**
 * The CPU time each process of the stack has used, once a second, one CSV row per process, for reading beside the
 * call log where a catch-up's time went: whether the machine's cores were busy, and with which process.
 *
 * <p>Columns: at (epoch milliseconds), process, ticks (its user and system time so far, in hundredths of a second;
 * a restarted process counts afresh).
 */
final class CpuLog implements AutoCloseable {

    private final BufferedWriter out;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cpu-log");
        thread.setDaemon(true);
        return thread;
    });

    CpuLog(Path file, Supplier<Map<String, Long>> processes) {
        try {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            out.write("at,process,ticks\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        timer.scheduleAtFixedRate(() -> sample(processes.get()), 0, 1, TimeUnit.SECONDS);
    }

    private synchronized void sample(Map<String, Long> processes) {
        long at = System.currentTimeMillis();
        processes.forEach((process, pid) -> ProcessSampler.cpuTicks(pid).ifPresent(ticks -> {
            try {
                out.write(at + ",\"" + process + "\"," + ticks + '\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
