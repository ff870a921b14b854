package io.yunwei.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

import io.yunwei.bench.Gateway;
import io.yunwei.bench.Lifecycle;
import io.yunwei.bench.Report;
import io.yunwei.bench.Stats;

/**
 * One open-loop run: lifecycles start at a fixed rate whatever the system's speed (so a slow system cannot hide its
 * latency behind fewer arrivals), for a duration; those started during the warm-up are run but not measured.
 */
final class Phase {

    record CallSample(String step, long startedMillis, double millis, int status, boolean measured) {
    }

    record Run(Lifecycle.Outcome outcome, boolean measured, double offsetSeconds) {
    }

    final double rate;
    final Duration duration;
    final Duration warmup;
    final List<CallSample> calls = Collections.synchronizedList(new ArrayList<>());
    final List<Run> runs = Collections.synchronizedList(new ArrayList<>());
    long startedMillis;
    long measuredFromMillis;
    long endedMillis;

    Phase(double rate, Duration duration, Duration warmup) {
        this.rate = rate;
        this.duration = duration;
        this.warmup = warmup;
    }

    Phase run(Gateway gateway, Duration stepTimeout) {
        startedMillis = System.currentTimeMillis();
        measuredFromMillis = startedMillis + warmup.toMillis();
        long start = System.nanoTime();
        long total = (long) Math.floor(rate * duration.toSeconds());
        List<Thread> threads = new ArrayList<>();
        Report.log("phase: %.1f lifecycles/s for %d s (%d s warm-up), %d lifecycles", rate, duration.toSeconds(),
                warmup.toSeconds(), total);
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            double offset = (System.nanoTime() - start) / 1e9;
            boolean measured = offset >= warmup.toSeconds();
            Lifecycle lifecycle = new Lifecycle(gateway, (step, at, response) -> calls.add(
                    new CallSample(step, at, response.millis(), response.status(), measured)), stepTimeout);
            threads.add(Thread.ofVirtual().start(() -> runs.add(new Run(lifecycle.run(), measured, offset))));
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        endedMillis = System.currentTimeMillis();
        Report.log("phase done: %d finished, %d failed, %.0f s", finished().size(), failed().size(),
                (endedMillis - startedMillis) / 1000.0);
        return this;
    }

    List<Run> measured() {
        synchronized (runs) {
            return runs.stream().filter(Run::measured).toList();
        }
    }

    List<Run> finished() {
        synchronized (runs) {
            return runs.stream().filter(r -> r.outcome().finished()).toList();
        }
    }

    List<Run> failed() {
        synchronized (runs) {
            return runs.stream().filter(r -> !r.outcome().finished()).toList();
        }
    }

    Stats lifecycleStats() {
        return Stats.of(measured().stream().filter(r -> r.outcome().finished()).map(r -> r.outcome().nanos() / 1e6).toList());
    }

    /** Per step (HTTP calls and awaited states), the measured latencies. */
    Map<String, Stats> stepStats() {
        Map<String, List<Double>> byStep = new TreeMap<>();
        synchronized (calls) {
            calls.stream().filter(CallSample::measured).forEach(c -> byStep.computeIfAbsent(c.step(), s -> new ArrayList<>())
                    .add(c.millis()));
        }
        Map<String, Stats> stats = new TreeMap<>();
        byStep.forEach((step, values) -> stats.put(step, Stats.of(values)));
        return stats;
    }

    /** The measured HTTP calls (not the awaited states), e.g. for the ratio against the bare round trip. */
    List<Double> httpMillis() {
        synchronized (calls) {
            return calls.stream().filter(CallSample::measured).filter(c -> !c.step().startsWith("await"))
                    .map(CallSample::millis).toList();
        }
    }

    /** Calls answered with a status the driver did not expect, or not at all (retries included). */
    long errors() {
        synchronized (calls) {
            return calls.stream().filter(c -> c.status() == 0 || c.status() >= 500 || c.status() == 429).count();
        }
    }

    double measuredSeconds() {
        return Math.max(1, (endedMillis - measuredFromMillis) / 1000.0);
    }

    /** Lifecycles measured and finished per second of the measured window (arrivals were at {@link #rate}). */
    double throughput() {
        long done = measured().stream().filter(r -> r.outcome().finished()).count();
        return done / Math.max(1.0, duration.toSeconds() - warmup.toSeconds() + lifecycleStats().p50() / 1000.0);
    }
}
