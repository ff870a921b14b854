package io.yunwei.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.yunwei.local.ProcessMemory;

/**
 * CPU time and resident memory of the stack's processes (and the instrument's own JVM), sampled from /proc once a
 * second between {@link #start()} and {@link #stop()}.
 */
public final class ProcessSampler {

    /** Linux's USER_HZ: /proc reports CPU time in these ticks. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** {@code jitSeconds}: the part of {@code cpuSeconds} the JIT compiler threads used. */
    public record Usage(double cpuPercent, double avgRssMb, double maxRssMb, double cpuSeconds, double jitSeconds) {
    }

    private final Supplier<Map<String, Long>> pids;
    private final Map<String, long[]> startTicks = new LinkedHashMap<>();
    private final Map<String, long[]> rss = new LinkedHashMap<>();
    private final Map<String, Long> lastTicks = new LinkedHashMap<>();
    private final Map<String, Long> startJitTicks = new LinkedHashMap<>();
    private ScheduledExecutorService timer;
    private long startedNanos;
    private long stoppedNanos;

    public ProcessSampler(Supplier<Map<String, Long>> pids) {
        this.pids = pids;
    }

    public synchronized void start() {
        startedNanos = System.nanoTime();
        startTicks.clear();
        rss.clear();
        lastTicks.clear();
        startJitTicks.clear();
        pids.get().forEach((name, pid) -> cpuTicks(pid).ifPresent(t -> {
            startTicks.put(name, new long[] { pid, t });
            startJitTicks.put(name, jitTicks(pid));
        }));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "process-sampler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private synchronized void sample() {
        pids.get().forEach((name, pid) -> {
            ProcessMemory.residentBytes(pid).ifPresent(bytes -> {
                long[] acc = rss.computeIfAbsent(name, n -> new long[3]);
                acc[0] += bytes;
                acc[1]++;
                acc[2] = Math.max(acc[2], bytes);
            });
            cpuTicks(pid).ifPresent(t -> lastTicks.put(name, t));
        });
    }

    public synchronized Map<String, Usage> stop() {
        timer.shutdownNow();
        sample();
        Map<String, Long> jitEnd = new LinkedHashMap<>();
        startTicks.forEach((name, start) -> jitEnd.put(name, jitTicks(start[0])));
        stoppedNanos = System.nanoTime();
        double seconds = (stoppedNanos - startedNanos) / 1e9;
        Map<String, Usage> usage = new LinkedHashMap<>();
        startTicks.forEach((name, start) -> {
            long end = lastTicks.getOrDefault(name, start[1]);
            // a process restarted in between starts its count afresh; its CPU is then only what the new one used
            double cpu = Math.max(0, end - start[1]) / TICKS_PER_SECOND;
            double jit = Math.min(cpu, Math.max(0, jitEnd.get(name) - startJitTicks.getOrDefault(name, 0L)) / TICKS_PER_SECOND);
            long[] r = rss.getOrDefault(name, new long[3]);
            usage.put(name, new Usage(100 * cpu / seconds, r[1] == 0 ? 0 : r[0] / (double) r[1] / 1e6, r[2] / 1e6, cpu,
                    jit));
        });
        return usage;
    }

    /** utime + stime of a process, in clock ticks. */
    public static OptionalLong cpuTicks(long pid) {
        return ticksOf(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** utime + stime of a JVM's JIT compiler threads ({@code C1/C2 CompilerThreadN}), in clock ticks; 0 if none. */
    static long jitTicks(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.filter(task -> {
                try {
                    return Files.readString(task.resolve("comm")).matches("C\\d CompilerThre.*\\s*");
                } catch (IOException e) {
                    return false;
                }
            }).mapToLong(task -> ticksOf(task.resolve("stat")).orElse(0)).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static OptionalLong ticksOf(Path stat) {
        try {
            String line = Files.readString(stat);
            // the command name may hold spaces; the fields after its closing parenthesis do not
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return OptionalLong.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
