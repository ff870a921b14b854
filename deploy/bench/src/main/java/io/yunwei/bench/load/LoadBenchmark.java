package io.yunwei.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.yunwei.bench.Chart;
import io.yunwei.bench.EventLog;
import io.yunwei.bench.EventLog.Event;
import io.yunwei.bench.Gateway;
import io.yunwei.bench.GcPauses;
import io.yunwei.bench.Options;
import io.yunwei.bench.Profiler;
import io.yunwei.bench.ProcessSampler;
import io.yunwei.bench.Report;
import io.yunwei.bench.Stats;
import io.yunwei.bench.Target;
import io.yunwei.local.Part;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The end-to-end load benchmark: open-loop lifecycles through the gateway at {@code --rate} per second for
 * {@code --duration} seconds (after a warm-up outside the measured window that lasts until the JIT compilers are
 * done, see {@link #warmUp}), then
 * per-step HTTP latencies, per-hop event latencies from
 * the topics' CloudEvents times, CPU and RSS per process, and — in the same run, on the same broker, store and
 * gateway — the raw baselines with the ratios system ÷ baseline. {@code --sweep=1,2,4,8} then steps the rate up
 * ({@code --step-duration} each) until p99 is no longer bounded and reports the sustained lifecycles/s.
 *
 * <p>Writes {@code load.json} and {@code load.html} (latency over time) into {@code --out} (default
 * {@code deploy/bench/target/results}). Needs {@code --kafka} and {@code --mongo} besides {@code --gateway} for a
 * deployment by URL.
 */
public final class LoadBenchmark {

    /** Cross-service hops: the event that causes, and the event the consumer raises in answer. */
    static final List<String[]> HOPS = List.of(
            new String[] { "ticket.recorded.v1", "ticket.opened.v1" },
            new String[] { "ticket.opened.v1", "dispatch.assigned.v1" },
            new String[] { "visit.completed.v1", "ticket.closed.v1" },
            new String[] { "ticket.closed.v1", "callback.scheduled.v1" },
            new String[] { "ticket.closed.v1", "incident-report.issued.v1" });

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private LoadBenchmark() {
    }

    public static void main(String[] args) {
        Options options = Options.parse(args);
        double rate = options.decimal("rate", 3);
        Duration duration = options.seconds("duration", 60);
        Duration warmup = options.seconds("warmup", 60);
        Duration stepTimeout = options.seconds("step-timeout", 120);
        boolean failed;
        try (Target target = Target.open(options)) {
            Path out = Report.folder(options, "load");
            Gateway gateway = target.gateway();
            var sampler = new ProcessSampler(() -> pidsOf(target));
            // a short priming run, so the JVMs' first-call costs do not land in the measured window
            new Phase(Math.min(rate, 2), Duration.ofSeconds(3), Duration.ofSeconds(3)).run(gateway, stepTimeout);
            // the warm-up, outside the sampled window: the JIT compilers finish their work here
            Warmup warm = warmUp(target, options, rate, warmup, stepTimeout);
            Instant from = Instant.now();
            sampler.start();
            Phase phase = new Phase(rate, duration, Duration.ZERO).run(gateway, stepTimeout);
            Map<String, ProcessSampler.Usage> usage = sampler.stop();
            Map<String, GcPauses.Summary> pauses = target.stack()
                    .map(stack -> GcPauses.in(stack.config().gcLogs(), from, Instant.now())).orElse(Map.of());
            target.stack().ifPresent(stack -> Report.keep(stack.config().gcLogs(), out.resolve("gc")));
            List<Profiler.Summary> profile = options.flag("profile", true)
                    ? recordProfile(target, out, rate, options.seconds("profile-duration", 30), stepTimeout) : List.of();
            ObjectNode json = NODES.objectNode();
            json.put("rate", rate).put("durationSeconds", duration.toSeconds()).put("warmupSeconds", warm.seconds())
                    .put("warmupRate", warm.rate());
            if (Double.isNaN(warm.jitShare())) {
                json.putNull("warmupJitShare");
            } else {
                json.put("warmupJitShare", warm.jitShare());
            }
            failed = summarize(target, phase, usage, json, out, options);
            gcPauses(pauses, json);
            profile(profile, json, out);
            if (options.has("sweep")) {
                sweep(target, options, stepTimeout, json);
            }
            Report.write(out.resolve("load.json"), json.toPrettyString());
            Report.line("");
            Report.line("results: %s and %s", out.resolve("load.json").toAbsolutePath(), out.resolve("load.html").toAbsolutePath());
        }
        System.exit(failed ? 1 : 0);
    }

    /**
     * The JVMs' stop-the-world pauses in the measured window: a stall of every request the process serves. Only a
     * stack the benchmark started has GC logs it can read.
     */
    private static void gcPauses(Map<String, GcPauses.Summary> pauses, ObjectNode json) {
        Report.line("");
        Report.line("%-20s %9s %12s %12s", "GC pauses", "count", "total ms", "longest ms");
        ObjectNode gcJson = json.putObject("gcPauses");
        pauses.forEach((name, p) -> {
            Report.line("%-20s %9d %12.0f %12.0f", name, p.count(), p.totalMillis(), p.maxMillis());
            gcJson.putObject(name).put("count", p.count()).put("totalMillis", p.totalMillis())
                    .put("maxMillis", p.maxMillis());
        });
    }

    record Warmup(long seconds, double rate, double jitShare) {
    }

    /**
     * Records every process with JFR over a window of its own, after the measured one, at the same rate: recording
     * costs each process CPU (JFR's own threads, and the recompiling of what it instruments: the compilers' share of
     * the stack's CPU doubled while it ran), which is the instrument's cost, not the system's.
     */
    private static List<Profiler.Summary> recordProfile(Target target, Path out, double rate, Duration duration,
            Duration stepTimeout) {
        var profiler = new Profiler(out, stackPidsOf(target));
        profiler.start();
        new Phase(rate, duration, Duration.ZERO).run(target.gateway(), stepTimeout);
        return profiler.stop();
    }

    /**
     * Runs lifecycles at {@code --warmup-rate} (the measured rate, at least 4/s: the compilers' thresholds count
     * calls) for at least {@code --warmup} seconds, then on in 20-s rounds until the JIT compilers used less than
     * {@code --warmup-jit} percent (5) of the stack's CPU in a round, or {@code --warmup-max} seconds (600) have
     * passed: the measured window then shows the steady state, the cost of every lifecycle after the processes'
     * first minutes. What the compilers still use in the window is reported with it.
     */
    private static Warmup warmUp(Target target, Options options, double rate, Duration minimum, Duration stepTimeout) {
        double warmRate = options.decimal("warmup-rate", Math.max(rate, 4));
        long max = options.seconds("warmup-max", 600).toSeconds();
        double bound = options.decimal("warmup-jit", 5) / 100;
        long round = 20;
        long elapsed = 0;
        double share = Double.NaN;
        if (minimum.toSeconds() > 0) {
            new Phase(warmRate, minimum, minimum).run(target.gateway(), stepTimeout);
            elapsed = minimum.toSeconds();
        }
        while (elapsed < max && minimum.toSeconds() > 0) {
            var sampler = new ProcessSampler(() -> stackPidsOf(target));
            sampler.start();
            new Phase(warmRate, Duration.ofSeconds(round), Duration.ofSeconds(round)).run(target.gateway(), stepTimeout);
            Map<String, ProcessSampler.Usage> usage = sampler.stop();
            elapsed += round;
            double cpu = usage.values().stream().mapToDouble(ProcessSampler.Usage::cpuSeconds).sum();
            share = usage.values().stream().mapToDouble(ProcessSampler.Usage::jitSeconds).sum() / Math.max(1e-9, cpu);
            Report.log("warm-up: %d s; the JIT compilers used %.0f %% of the stack's CPU in the last %d s", elapsed,
                    100 * share, round);
            if (share < bound) {
                break;
            }
        }
        return new Warmup(elapsed, warmRate, share);
    }

    /** The stack's processes alone, without the instrument's own JVM. */
    static Map<String, Long> stackPidsOf(Target target) {
        return Target.processes(target.pids());
    }

    static Map<String, Long> pidsOf(Target target) {
        Map<String, Long> pids = stackPidsOf(target);
        pids.put("bench (this JVM)", ProcessHandle.current().pid());
        return pids;
    }

    private static boolean summarize(Target target, Phase phase, Map<String, ProcessSampler.Usage> usage, ObjectNode json,
            Path out, Options options) {
        List<Phase.Run> measured = phase.measured();
        Set<String> tickets = measured.stream().map(r -> r.outcome().ticketId()).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        long finished = measured.stream().filter(r -> r.outcome().finished()).count();
        Stats lifecycle = phase.lifecycleStats();
        Report.line("");
        double jitShare = json.get("warmupJitShare").isNull() ? Double.NaN : json.get("warmupJitShare").asDouble();
        Report.line("== Load benchmark: %.1f lifecycles/s for %d s (after a warm-up of %d s at %.1f/s%s) ==", phase.rate,
                phase.duration.toSeconds(), json.get("warmupSeconds").asLong(), json.get("warmupRate").asDouble(),
                Double.isNaN(jitShare) ? ", the JIT compilers' share not measured"
                        : String.format(Locale.ROOT, ", until the JIT compilers used %.0f %% of the stack's CPU", 100 * jitShare));
        Report.line("measured lifecycles: %d started, %d finished, %d failed; HTTP errors (5xx/429/no answer, retried): %d",
                measured.size(), finished, measured.size() - finished, phase.errors());
        phase.failed().stream().limit(5).forEach(r -> Report.line("  failed: %s", r.outcome().failure()));
        Report.line("");
        Report.line("%-34s %s", "step (HTTP call or awaited state)", Stats.header());
        Report.line("%-34s %s", "whole lifecycle", lifecycle.line());
        Map<String, Stats> steps = phase.stepStats();
        steps.forEach((step, s) -> Report.line("%-34s %s", step, s.line()));
        Stats http = Stats.of(phase.httpMillis());
        Report.line("%-34s %s", "all HTTP calls", http.line());
        json.set("lifecycle", lifecycle.json());
        json.put("lifecyclesStarted", measured.size()).put("lifecyclesFinished", finished).put("httpErrors", phase.errors());
        ObjectNode stepJson = json.putObject("steps");
        steps.forEach((step, s) -> stepJson.set(step, s.json()));
        json.set("http", http.json());

        // events
        List<Event> events = List.of();
        Map<String, Stats> hops = new LinkedHashMap<>();
        Map<String, Stats> consume = new LinkedHashMap<>();
        Map<String, Stats> publish = new TreeMap<>();
        double eventRate = 0;
        int avgSize = 300;
        if (target.kafka().isPresent()) {
            events = EventLog.read(target.kafka().get(), EventLog.TOPICS).stream().filter(e -> tickets.contains(e.key())).toList();
            Map<String, Map<String, Event>> firstByTicket = new HashMap<>();
            for (Event e : events) {
                firstByTicket.computeIfAbsent(e.key(), k -> new HashMap<>()).putIfAbsent(e.type(), e);
            }
            for (String[] hop : HOPS) {
                List<Double> total = new ArrayList<>();
                List<Double> consumed = new ArrayList<>();
                firstByTicket.values().forEach(byType -> {
                    Event from = byType.get(hop[0]);
                    Event to = byType.get(hop[1]);
                    if (from != null && to != null) {
                        total.add((double) (to.time().toEpochMilli() - from.time().toEpochMilli()));
                        consumed.add((double) (to.time().toEpochMilli() - from.publishedMillis()));
                    }
                });
                hops.put(hop[0] + " → " + hop[1], Stats.of(total));
                consume.put(hop[0] + " → " + hop[1], Stats.of(consumed));
            }
            events.stream().collect(Collectors.groupingBy(Event::topic)).forEach((topic, list) ->
                    publish.put(topic, Stats.of(list.stream().map(e -> (double) e.publishDelayMillis()).toList())));
            eventRate = events.size() / phase.measuredSeconds();
            avgSize = (int) events.stream().mapToInt(Event::size).average().orElse(300);
            Report.line("");
            Report.line("events of the measured tickets: %d (%.1f per lifecycle, %.1f/s, %d bytes on average)", events.size(),
                    events.size() / (double) Math.max(1, tickets.size()), eventRate, avgSize);
            Report.line("%-58s %s", "hop (event time → event time)", Stats.header());
            hops.forEach((hop, s) -> Report.line("%-58s %s", hop, s.line()));
            Report.line("%-58s %s", "  of which: publish of the first → the second written", "");
            consume.forEach((hop, s) -> Report.line("%-58s %s", "  " + hop, s.line()));
            Report.line("%-58s %s", "outbox write → publish (ce_time → record timestamp)", "");
            publish.forEach((topic, s) -> Report.line("%-58s %s", "  " + topic, s.line()));
            ObjectNode hopJson = json.putObject("hops");
            hops.forEach((hop, s) -> hopJson.set(hop, s.json()));
            ObjectNode consumeJson = json.putObject("hopsFromPublish");
            consume.forEach((hop, s) -> consumeJson.set(hop, s.json()));
            ObjectNode publishJson = json.putObject("outboxToPublish");
            publish.forEach((topic, s) -> publishJson.set(topic, s.json()));
            json.put("events", events.size()).put("eventsPerSecond", eventRate).put("averageEventBytes", avgSize);
        }

        // processes
        Report.line("");
        Report.line("%-20s %9s %12s %12s %10s %10s", "process", "CPU %", "RSS avg MB", "RSS max MB", "CPU s", "of it JIT");
        ObjectNode processes = json.putObject("processes");
        usage.forEach((name, u) -> {
            Report.line("%-20s %9.1f %12.0f %12.0f %10.1f %10.1f", name, u.cpuPercent(), u.avgRssMb(), u.maxRssMb(),
                    u.cpuSeconds(), u.jitSeconds());
            processes.putObject(name).put("cpuPercent", u.cpuPercent()).put("rssAvgMb", u.avgRssMb())
                    .put("rssMaxMb", u.maxRssMb()).put("cpuSeconds", u.cpuSeconds()).put("jitSeconds", u.jitSeconds());
        });

        // every lifecycle started in the sampled window also ended in it: a phase waits for its last lifecycle
        double stackCpu = usage.entrySet().stream().filter(e -> !e.getKey().startsWith("bench"))
                .mapToDouble(e -> e.getValue().cpuSeconds()).sum();
        double perLifecycle = stackCpu / Math.max(1, phase.runs.size());
        double stackJit = usage.entrySet().stream().filter(e -> !e.getKey().startsWith("bench"))
                .mapToDouble(e -> e.getValue().jitSeconds()).sum();
        Report.line("stack CPU: %.1f core-seconds for %d lifecycles: %.3f core-seconds per lifecycle", stackCpu,
                phase.runs.size(), perLifecycle);
        // the JIT compilers still at work after the warm-up: a cost of the processes' first minutes, not of the work
        Report.line("  of which the JIT compilers: %.1f core-seconds (%.0f %%); without them %.3f core-seconds per lifecycle",
                stackJit, 100 * stackJit / Math.max(1e-9, stackCpu), (stackCpu - stackJit) / Math.max(1, phase.runs.size()));
        json.put("stackCpuSeconds", stackCpu).put("coreSecondsPerLifecycle", perLifecycle).put("stackJitSeconds", stackJit);

        // baselines, in the same run
        Report.line("");
        Report.log("baselines: bare HTTP round trips through the gateway ...");
        int httpCount = Math.max(100, Math.min(3000, phase.httpMillis().size()));
        double httpRate = Math.max(5, phase.httpMillis().size() / phase.measuredSeconds());
        Stats bareGateway = Baselines.http(target.gateway(), null, "/actuator/health", httpCount, httpRate);
        Stats bareService = Baselines.http(target.gateway(), "admin", "/api/v1/engineers/eng-wang", httpCount, httpRate);
        ObjectNode base = json.putObject("baselines");
        base.set("httpGatewayHealth", bareGateway.json());
        base.set("httpGatewayToServiceGet", bareService.json());
        Baselines.Kafka kafka = null;
        Baselines.Store store = null;
        if (target.kafka().isPresent() && !events.isEmpty()) {
            Report.log("baselines: Kafka produce+consume of %d records of %d bytes ...", events.size(), avgSize);
            kafka = Baselines.kafka(target.kafka().get(), events.size(), avgSize, Math.max(1, eventRate));
            base.set("kafkaEndToEnd", kafka.endToEnd().json());
            base.set("kafkaProduceAck", kafka.produceAck().json());
            base.put("kafkaFloodRecordsPerSecond", kafka.floodRecordsPerSecond());
        }
        if (target.mongo().isPresent()) {
            Map<String, Integer> writes = new HashMap<>();
            Map<String, String> dbOfTopic = Map.of("intake.events", "intake", "dispatch.events", "dispatch",
                    "field.events", "field", "followup.events", "followup");
            events.forEach(e -> writes.merge(dbOfTopic.getOrDefault(e.topic(), "?") + "/" + e.key(), 1, Integer::sum));
            Report.log("baselines: store inserts and updates of the services' documents of the measured tickets ...");
            store = Baselines.store(target.mongo().get(), tickets, writes);
            base.set("storeInsert", store.inserts().json());
            base.set("storeUpdate", store.updates().json());
            base.put("storeOpsPerSecond", store.opsPerSecond());
        }
        Report.line("");
        Report.line("%-44s %s", "baseline", Stats.header());
        Report.line("%-44s %s", "HTTP GET gateway /actuator/health", bareGateway.line());
        Report.line("%-44s %s", "HTTP GET via gateway /engineers/{id}", bareService.line());
        if (kafka != null) {
            Report.line("%-44s %s", "Kafka produce→consume (paced, acks=all)", kafka.endToEnd().line());
            Report.line("%-44s %s", "Kafka produce ack", kafka.produceAck().line());
            Report.line("Kafka flood: %.0f records/s", kafka.floodRecordsPerSecond());
        }
        if (store != null) {
            Report.line("%-44s %s", "store insert (%d documents)".formatted(store.documents()), store.inserts().line());
            Report.line("%-44s %s", "store conditional update", store.updates().line());
            Report.line("store: %.0f ops/s sequential", store.opsPerSecond());
        }
        Report.line("");
        Report.line("== Ratios, system ÷ baseline (same run) ==");
        ObjectNode ratios = json.putObject("ratios");
        ratio(ratios, "HTTP call p50 ÷ bare gateway→service GET p50", http.p50(), bareService.p50());
        ratio(ratios, "HTTP call p99 ÷ bare gateway→service GET p99", http.p99(), bareService.p99());
        ratio(ratios, "HTTP call p50 ÷ gateway health p50", http.p50(), bareGateway.p50());
        if (kafka != null) {
            Stats opened = hops.get("ticket.opened.v1 → dispatch.assigned.v1");
            ratio(ratios, "hop opened→assigned p50 ÷ Kafka produce→consume p50", opened.p50(), kafka.endToEnd().p50());
            ratio(ratios, "hop opened→assigned p99 ÷ Kafka produce→consume p99", opened.p99(), kafka.endToEnd().p99());
            Stats closed = hops.get("ticket.closed.v1 → callback.scheduled.v1");
            ratio(ratios, "hop closed→callback p50 ÷ Kafka produce→consume p50", closed.p50(), kafka.endToEnd().p50());
            double publishP50 = publish.values().stream().mapToDouble(Stats::p50).average().orElse(Double.NaN);
            ratio(ratios, "outbox write→publish p50 ÷ Kafka produce ack p50", publishP50, kafka.produceAck().p50());
            ratio(ratios, "system events/s ÷ Kafka flood records/s (utilisation)", eventRate, kafka.floodRecordsPerSecond());
            if (store != null) {
                ratio(ratios, "hop opened→assigned p50 ÷ (Kafka e2e p50 + store update p50)", opened.p50(),
                        kafka.endToEnd().p50() + store.updates().p50());
            }
        }
        if (store != null) {
            ratio(ratios, "system events/s ÷ store ops/s (utilisation)", eventRate, store.opsPerSecond());
        }
        chart(phase, events, out);
        double errorShare = measured.isEmpty() ? 1 : (measured.size() - finished) / (double) measured.size();
        return errorShare > 0.01;
    }

    /** The profile's summary: the top subsystems of each process here, everything in {@code profile.txt}. */
    private static void profile(List<Profiler.Summary> profile, ObjectNode json, Path out) {
        if (profile.isEmpty()) {
            return;
        }
        Report.write(out.resolve("profile.txt"), Profiler.text(profile));
        Report.line("");
        Report.line("== Profile (JFR execution samples by subsystem, first found from the leaf, recorded after the measured window; all in profile.txt) ==");
        ObjectNode profileJson = json.putObject("profile");
        for (Profiler.Summary s : profile) {
            String top = s.subsystems().entrySet().stream().limit(6)
                    .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "));
            Report.line("%-18s %s", s.process(), top);
            ObjectNode p = profileJson.putObject(s.process()).put("samples", s.samples());
            s.subsystems().forEach((name, share) -> p.put(name, Math.round(share * 10) / 10.0));
        }
    }

    /** p50 of the whole lifecycle for the measured lifecycles started in the first and in the last third. */
    private static double[] firstAndLastThirdP50(Phase phase) {
        List<Phase.Run> runs = phase.measured().stream().filter(r -> r.outcome().finished())
                .sorted(java.util.Comparator.comparingDouble(Phase.Run::offsetSeconds)).toList();
        int third = runs.size() / 3;
        if (third == 0) {
            return new double[] { Double.NaN, Double.NaN };
        }
        return new double[] { Stats.of(runs.subList(0, third).stream().map(r -> r.outcome().nanos() / 1e6).toList()).p50(),
                Stats.of(runs.subList(runs.size() - third, runs.size()).stream().map(r -> r.outcome().nanos() / 1e6).toList())
                        .p50() };
    }

    private static void ratio(ObjectNode json, String name, double system, double baseline) {
        double value = system / baseline;
        Report.line("%-62s %8.2f  (%.1f ÷ %.1f)", name, value, system, baseline);
        json.put(name, Double.isFinite(value) ? Math.round(value * 100) / 100.0 : -1);
    }

    private static void chart(Phase phase, List<Event> events, Path out) {
        double t0 = phase.startedMillis;
        List<Chart.Point> lifecycles = new ArrayList<>();
        for (Phase.Run r : phase.runs) {
            if (r.outcome().finished()) {
                lifecycles.add(new Chart.Point(r.offsetSeconds(), r.outcome().nanos() / 1e6));
            }
        }
        Map<Long, List<Double>> perSecond = new TreeMap<>();
        synchronized (phase.calls) {
            phase.calls.stream().filter(c -> !c.step().startsWith("await"))
                    .forEach(c -> perSecond.computeIfAbsent((long) ((c.startedMillis() - t0) / 1000), s -> new ArrayList<>())
                            .add(c.millis()));
        }
        List<Chart.Point> p50 = new ArrayList<>();
        List<Chart.Point> p99 = new ArrayList<>();
        perSecond.forEach((s, values) -> {
            Stats st = Stats.of(values);
            p50.add(new Chart.Point(s, st.p50()));
            p99.add(new Chart.Point(s, st.p99()));
        });
        Map<String, Map<String, Event>> first = new HashMap<>();
        events.forEach(e -> first.computeIfAbsent(e.key(), k -> new HashMap<>()).putIfAbsent(e.type(), e));
        List<Chart.Series> hopSeries = new ArrayList<>();
        String[] colors = { "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e" };
        for (int i = 1; i < HOPS.size(); i++) {
            String[] hop = HOPS.get(i);
            List<Chart.Point> points = new ArrayList<>();
            first.values().forEach(byType -> {
                Event from = byType.get(hop[0]);
                Event to = byType.get(hop[1]);
                if (from != null && to != null) {
                    points.add(new Chart.Point((from.time().toEpochMilli() - t0) / 1000.0,
                            Math.max(0.5, to.time().toEpochMilli() - from.time().toEpochMilli())));
                }
            });
            hopSeries.add(new Chart.Series(hop[0].replace(".v1", "") + "→" + hop[1].replace(".v1", ""), colors[i], false, points));
        }
        String title = String.format(Locale.ROOT, "Yunwei load benchmark: %.1f lifecycles/s for %d s", phase.rate,
                phase.duration.toSeconds());
        Report.write(out.resolve("load.html"), new Chart(title)
                .panel("Whole lifecycle duration by start time (warm-up: first " + phase.warmup.toSeconds() + " s)",
                        "seconds since start", "ms", true,
                        List.of(new Chart.Series("lifecycle", "#1f77b4", false, lifecycles)))
                .panel("HTTP call latency per second", "seconds since start", "ms", true,
                        List.of(new Chart.Series("p50", "#2ca02c", true, p50), new Chart.Series("p99", "#d62728", true, p99)))
                .panel("Event hops (event time to event time) by time of the first event", "seconds since start", "ms",
                        true, hopSeries)
                .html());
    }

    /**
     * Steps the rate up until a step is no longer sustained: whole-lifecycle p99 within {@code --p99-bound} seconds
     * (5 by default), no lifecycle failed, and no growing backlog (the lifecycles started in the step's last third
     * take no longer at p50 than those of its first third, give or take half a second and half again). The last
     * sustained step is the sustained rate.
     */
    private static void sweep(Target target, Options options, Duration stepTimeout, ObjectNode json) {
        List<Double> rates = options.decimals("sweep", "1,2,4,8");
        Duration step = options.seconds("step-duration", 45);
        Duration warm = Duration.ofSeconds(Math.min(10, step.toSeconds() / 4));
        double bound = options.decimal("p99-bound", 5) * 1000;
        double sustained = 0;
        List<String> rows = new ArrayList<>();
        var steps = json.putArray("sweep");
        for (double rate : rates) {
            var sampler = new ProcessSampler(() -> stackPidsOf(target));
            sampler.start();
            Phase phase = new Phase(rate, step, warm).run(target.gateway(), stepTimeout);
            double cpu = sampler.stop().values().stream().mapToDouble(ProcessSampler.Usage::cpuSeconds).sum();
            double perLifecycle = cpu / Math.max(1, phase.runs.size());
            Stats s = phase.lifecycleStats();
            long started = phase.measured().size();
            long done = phase.measured().stream().filter(r -> r.outcome().finished()).count();
            double[] thirds = firstAndLastThirdP50(phase);
            boolean growing = thirds[1] > 1.5 * thirds[0] + 500;
            boolean bounded = s.count() > 0 && s.p99() <= bound && done == started && !growing;
            rows.add(String.format(Locale.ROOT, "%8.1f %8d %8d %10.1f %10.1f %10.1f %12.0f %12.0f %9.3f %9s", rate,
                    started, done, s.p50(), s.p99(), s.max(), thirds[0], thirds[1], perLifecycle, bounded ? "yes" : "NO"));
            steps.addObject().put("rate", rate).put("started", started).put("finished", done).put("bounded", bounded)
                    .put("firstThirdP50", thirds[0]).put("lastThirdP50", thirds[1])
                    .put("coreSecondsPerLifecycle", perLifecycle).set("lifecycle", s.json());
            if (!bounded) {
                break;
            }
            sustained = rate;
        }
        Report.line("");
        Report.line("== Rate sweep (%d s per step, p99 bound %.0f ms) ==", step.toSeconds(), bound);
        Report.line("%8s %8s %8s %10s %10s %10s %12s %12s %9s %9s", "rate/s", "started", "finished", "p50 ms", "p99 ms",
                "max ms", "1st 3rd p50", "last 3rd p50", "core-s/lc", "sustained");
        rows.forEach(Report::line);
        Report.line("sustained: %.1f lifecycles/s (the highest rate with lifecycle p99 ≤ %.0f s, no failure, no growing backlog)",
                sustained, bound / 1000);
        json.put("sustainedLifecyclesPerSecond", sustained);
    }
}
