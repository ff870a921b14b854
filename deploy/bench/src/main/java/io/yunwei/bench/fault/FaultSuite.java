package io.yunwei.bench.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.yunwei.bench.EventLog;
import io.yunwei.bench.EventLog.Event;
import io.yunwei.bench.Gateway;
import io.yunwei.bench.Gateway.Call;
import io.yunwei.bench.GcPauses;
import io.yunwei.bench.Lifecycle;
import io.yunwei.bench.Options;
import io.yunwei.bench.Report;
import io.yunwei.bench.Target;
import io.yunwei.local.LocalStack;
import io.yunwei.local.Node;
import io.yunwei.local.Part;
import io.yunwei.local.TcpProxy;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fault-injection suite: runs the lifecycle for {@code --tickets} tickets (default 2000) at {@code --rate} per
 * second, in phases, injecting mid-stream one kind of fault per phase and then all together: {@code kill -9} of
 * each service and restart, a broker outage, a {@code kill -9} of the broker, a store restart, a {@code kill -9} of
 * the store, a delayed and then a partitioned network between the services and the store, a consumer-group
 * rebalance (a second instance joining and leaving), an integrator's webhook endpoint down while the intake instance
 * retrying its messages is killed, re-produced (duplicate) deliveries and poison records. Afterwards it checks, keyed on (ticket,
 * sequence, event id): no accepted ticket lost, at most one effect per event, per-ticket order, every failed record
 * dead-lettered (and every group's lag zero), catch-up time after each fault, Idempotency-Key replays, and that every
 * subscribed event of every ticket reached the webhook endpoint, signed, in its ticket's order.
 * Catch-up is the time from the fault's end (a killed process ready again) until the last lifecycle the fault slowed
 * has finished; slowed means slower than twice the baseline phase's p99 (and at least two seconds more than it).
 * Always starts its own local stack (it must kill its processes); {@code --cluster} (or {@code --brokers=3},
 * {@code --instances=2}) runs it on three Kafka nodes and two instances of every service and the gateway, where each
 * kill takes one of them. Exit code 1 when an invariant fails.
 */
public final class FaultSuite {

    static final List<String> GROUPS = List.of("intake-service", "dispatch-service", "field-service", "followup-service");
    static final Map<String, String> DB_OF_GROUP = Map.of("intake-service", "intake", "dispatch-service", "dispatch",
            "field-service", "field", "followup-service", "followup");

    record Phase(String name, List<Lifecycle.Outcome> outcomes, List<Faults.Poison> poisons, long startMillis,
            long faultEndMillis, long lastFinishMillis, long endMillis, double catchUpSeconds, int slowAfterRecovery,
            long deadLettersAdded) {
    }

    /**
     * How long a fault held lifecycles up after it ended, and how many lifecycles were slow later, once lifecycles had
     * run normally again: the stack's usual tail, which the baseline phase shows at the same rate.
     */
    record CatchUp(long millis, int slowAfterRecovery) {
    }

    /** Lifecycles in a row, started after the fault's end, that all took their usual time: the stack has recovered. */
    static final int RECOVERED_AFTER = 20;

    private final Target target;
    private final LocalStack stack;
    private final Faults faults;
    private final Options options;
    private final Duration stepTimeout;
    private final double rate;
    private final WebhookReceiver receiver = new WebhookReceiver();
    private long slowNanos = -1;
    private CallLog calls;

    private FaultSuite(Target target, Options options) {
        this.target = target;
        this.stack = target.stack().orElseThrow(() -> new IllegalArgumentException(
                "the fault suite kills and restarts processes, so it runs only on a stack it starts itself"));
        this.options = options;
        this.faults = new Faults(stack, options.seconds("down", 5));
        this.stepTimeout = options.seconds("step-timeout", 600);
        this.rate = options.decimal("rate", 3);
    }

    public static void main(String[] args) {
        Options options = Options.parse(args);
        if (options.has("gateway")) {
            System.err.println("the fault suite starts its own stack; --gateway is not supported");
            System.exit(2);
        }
        boolean ok;
        try (Target target = Target.open(options, true)) {
            FaultSuite suite = new FaultSuite(target, options);
            try {
                ok = suite.run();
            } finally {
                suite.receiver.close();
            }
        }
        System.exit(ok ? 0 : 1);
    }

    private boolean run() {
        var out = Report.folder(options, "faults");
        List<Phase> phases = new ArrayList<>();
        List<Faults.Poison> poisons = Collections.synchronizedList(new ArrayList<>());
        // closed however the phases end, so that what they logged is on the disk to be read
        try (var callLog = new CallLog(out.resolve("calls.csv"));
                var cpuLog = new CpuLog(out.resolve("cpu.csv"), () -> Target.processes(stack.pids()))) {
            calls = callLog;
            runPhases(phases, poisons);
        }
        boolean passed = check(phases, poisons, out);
        Report.keep(stack.config().dataDir().resolve("logs"), out.resolve("logs"));
        return passed;
    }

    private void runPhases(List<Phase> phases, List<Faults.Poison> poisons) {
        Map<String, Runnable> kinds = new LinkedHashMap<>();
        Duration hold = options.seconds("rebalance-hold", 20);
        // in the cluster layout each kill takes one of two instances (or one of three brokers): the other carries on
        kinds.put("kill -9 " + node(Part.INTAKE), () -> faults.kill(Part.INTAKE));
        kinds.put("kill -9 " + node(Part.DISPATCH), () -> faults.kill(Part.DISPATCH));
        kinds.put("kill -9 " + node(Part.FIELD), () -> faults.kill(Part.FIELD));
        kinds.put("kill -9 " + node(Part.FOLLOWUP), () -> faults.kill(Part.FOLLOWUP));
        if (stack.config().instances() > 1) {
            kinds.put("kill -9 " + node(Part.GATEWAY), () -> faults.kill(Part.GATEWAY));
        }
        kinds.put("broker stop/start", faults::brokerOutage);
        // the broker's log is not forced to the disk either: what it acknowledged must be in the operating system's
        // hands, and the restart recovers the segments it did not close
        kinds.put("kill -9 " + node(Part.KAFKA), () -> faults.kill(Part.KAFKA));
        kinds.put("store restart", faults::storeRestart);
        // unlike the restart, nothing flushes on the way down: only what the store acknowledged as committed is left
        kinds.put("kill -9 store", () -> faults.kill(Part.STORE));
        // the network between the services and the store: every packet late, then none getting through at all
        TcpProxy route = target.storeRoute().orElseThrow();
        Duration slowFor = options.seconds("delay-for", 30);
        kinds.put("store network delay 200 ms", () -> faults.degrade(route, Duration.ofMillis(
                options.integer("delay-ms", 200)), slowFor));
        kinds.put("store network partition", () -> faults.partition(route, options.seconds("partition-for", 20)));
        // the same between every client and the broker (the one-broker layout: the cluster's nodes talk directly)
        target.brokerRoute().ifPresent(broker -> {
            kinds.put("broker network delay 200 ms", () -> faults.degrade(broker, Duration.ofMillis(
                    options.integer("delay-ms", 200)), slowFor));
            kinds.put("broker network partition", () -> faults.partition(broker, options.seconds("partition-for", 20)));
        });
        kinds.put("rebalance dispatch-service", () -> faults.rebalance(Part.DISPATCH, hold));
        // the integrator's endpoint fails, and the instance retrying its messages is killed meanwhile
        kinds.put("webhook receiver down, kill -9 " + node(Part.INTAKE), () -> {
            receiver.down(true);
            Faults.pause(options.seconds("receiver-down", 20));
            faults.kill(Part.INTAKE);
            receiver.down(false);
        });
        kinds.put("duplicate deliveries", () -> faults.duplicate(recentEvents(), options.integer("duplicates", 50)));
        kinds.put("poison records", () -> {
            poisons.add(faults.poison("intake.events", "ticket.opened.v1"));
            poisons.add(faults.poison("field.events", "visit.completed.v1"));
        });
        kinds.put("all together", () -> {
            Thread second = Thread.ofVirtual().start(() -> faults.rebalance(Part.FIELD, hold));
            poisons.add(faults.poison("dispatch.events", "dispatch.assigned.v1"));
            faults.duplicate(recentEvents(), options.integer("duplicates", 50));
            faults.kill(Part.DISPATCH);
            faults.brokerOutage();
            faults.kill(Part.FOLLOWUP);
            faults.storeRestart();
            join(second);
        });
        if (options.has("only")) {
            // several kinds at once share one baseline: --only="kill -9 store|all together"
            List<String> only = List.of(options.string("only", "").split("\\|"));
            kinds.keySet().removeIf(name -> only.stream().noneMatch(name::contains));
        }
        int total = options.integer("tickets", 2000);
        int perPhase = options.has("per-phase") ? options.integer("per-phase", 0)
                : Math.max(3, total / (kinds.size() + 1));
        Report.log("fault suite: %d phases (a baseline without faults first) of %d tickets at %.1f/s", kinds.size() + 1,
                perPhase, rate);
        receiver.subscribe(target.gateway());
        warmUp(options.seconds("warmup", 120));
        phases.add(phase("none (baseline)", perPhase, () -> { }, poisons));
        kinds.forEach((name, inject) -> phases.add(phase(name, perPhase, inject, poisons)));
    }

    /**
     * The JVMs' collector pauses in each phase, from its start until its consumers had caught up: whether a phase
     * waited on a collector as well as on its fault. All JVMs together and the store's alone (every service waits on
     * it); each process's in {@code faults.json}.
     */
    private void gcPauses(List<Phase> phases, List<ObjectNode> rows) {
        Report.line("");
        Report.line("%-36s %8s %10s %11s  %-20s %12s %10s %11s", "GC pauses", "count", "total ms", "longest ms",
                "longest in", "store count", "total ms", "longest ms");
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            Map<String, GcPauses.Summary> pauses = GcPauses.in(stack.config().gcLogs(),
                    Instant.ofEpochMilli(phase.startMillis()), Instant.ofEpochMilli(phase.endMillis()));
            ObjectNode json = rows.get(i).putObject("gcPauses");
            pauses.forEach((process, p) -> json.putObject(process).put("count", p.count())
                    .put("totalMillis", p.totalMillis()).put("maxMillis", p.maxMillis()));
            String longestIn = pauses.entrySet().stream()
                    .max(Comparator.comparingDouble(e -> e.getValue().maxMillis())).map(Map.Entry::getKey).orElse("-");
            GcPauses.Summary store = pauses.getOrDefault(Part.STORE.id(), new GcPauses.Summary(0, 0, 0));
            Report.line("%-36s %8d %10.0f %11.0f  %-20s %12d %10.0f %11.0f", phase.name(),
                    pauses.values().stream().mapToInt(GcPauses.Summary::count).sum(),
                    pauses.values().stream().mapToDouble(GcPauses.Summary::totalMillis).sum(),
                    pauses.values().stream().mapToDouble(GcPauses.Summary::maxMillis).max().orElse(0), longestIn,
                    store.count(), store.totalMillis(), store.maxMillis());
        }
    }

    /** A part's first instance, named with how many there are when the layout runs several. */
    private String node(Part part) {
        int count = stack.config().nodes(part).size();
        return count == 1 ? part.id() : Node.of(part) + " (1 of " + count + ")";
    }

    private List<Event> recentEvents() {
        List<Event> all = EventLog.read(stack.kafkaAdminProperties(), EventLog.TOPICS);
        return all.subList(Math.max(0, all.size() - 500), all.size());
    }

    /**
     * Lifecycles at the suite's rate for {@code duration}, outside every phase: freshly started JVMs are slow until
     * their compilers have caught up, and the baseline, which says what slow is, must not measure that.
     */
    private void warmUp(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        int tickets = (int) Math.ceil(duration.toSeconds() * rate);
        Report.log("warming up: %d lifecycles in %d s, not counted", tickets, duration.toSeconds());
        List<Lifecycle.Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        join(arrivals("warm-up", tickets, outcomes));
        Report.log("warmed up: %d of %d finished", outcomes.stream().filter(Lifecycle.Outcome::finished).count(),
                tickets);
    }

    /**
     * Starts {@code tickets} lifecycles at the suite's rate, each adding its outcome and writing its calls to the call
     * log under {@code phase}; the thread ends when all did.
     */
    private Thread arrivals(String phase, int tickets, List<Lifecycle.Outcome> outcomes) {
        Gateway gateway = target.gateway();
        return Thread.ofVirtual().start(() -> {
            List<Thread> running = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < tickets; i++) {
                long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int lifecycle = i;
                running.add(Thread.ofVirtual().start(() -> outcomes.add(new Lifecycle(gateway,
                        (step, at, response) -> calls.add(phase, lifecycle, step, at, response), stepTimeout).run())));
            }
            running.forEach(FaultSuite::join);
        });
    }

    private Phase phase(String name, int tickets, Runnable inject, List<Faults.Poison> poisons) {
        Report.log("phase '%s': %d tickets", name, tickets);
        long start = System.currentTimeMillis();
        int poisonsBefore = poisons.size();
        long deadBefore = deadLetters().size();
        List<Lifecycle.Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        Thread arrivals = arrivals(name, tickets, outcomes);
        // the fault lands mid-stream: after a third of the arrivals
        Faults.pause(Duration.ofMillis((long) (tickets / rate / 3 * 1000)));
        long faultStart = System.currentTimeMillis();
        inject.run();
        long faultEnd = System.currentTimeMillis();
        calls.mark(name, faultStart, faultEnd);
        join(arrivals);
        List<Lifecycle.Outcome> done = outcomes.stream().filter(Lifecycle.Outcome::finished).toList();
        if (slowNanos < 0) {
            // the first phase runs without a fault: what it calls slow is slow for every phase
            slowNanos = slowBound(done);
            Report.log("  a lifecycle slower than %.1f s counts as slowed by a fault", slowNanos / 1e9);
        }
        long lastFinish = done.stream().mapToLong(FaultSuite::finishedAt).max().orElse(faultEnd);
        CatchUp catchUp = catchUp(done, slowNanos, faultEnd);
        long lagWait = System.currentTimeMillis();
        awaitNoLag(Duration.ofMinutes(5));
        long deadAdded = deadLetters().size() - deadBefore;
        Report.log("phase '%s' done: %d/%d finished, fault took %.0f s, catch-up %.0f s, %d slow later (consumers at"
                + " the end %.0f s later), %d new dead letters", name, done.size(), outcomes.size(),
                (faultEnd - faultStart) / 1000.0, catchUp.millis() / 1000.0, catchUp.slowAfterRecovery(),
                (System.currentTimeMillis() - lagWait) / 1000.0, deadAdded);
        outcomes.stream().filter(o -> !o.finished()).limit(3).forEach(o -> Report.log("  not finished: %s", o.failure()));
        return new Phase(name, new ArrayList<>(outcomes), new ArrayList<>(poisons.subList(poisonsBefore, poisons.size())),
                start, faultEnd, lastFinish, System.currentTimeMillis(), catchUp.millis() / 1000.0,
                catchUp.slowAfterRecovery(), deadAdded);
    }

    /** Twice the lifecycle's p99 without faults, and at least two seconds more than it. */
    static long slowBound(List<Lifecycle.Outcome> normal) {
        long[] nanos = normal.stream().mapToLong(Lifecycle.Outcome::nanos).sorted().toArray();
        if (nanos.length == 0) {
            return Duration.ofSeconds(10).toNanos();
        }
        long p99 = nanos[Math.min(nanos.length - 1, (int) Math.ceil(nanos.length * 0.99) - 1)];
        return Math.max(2 * p99, p99 + Duration.ofSeconds(2).toNanos());
    }

    /**
     * From the fault's end until the last lifecycle the fault slowed finished: slower than {@code slowNanos} and
     * started before the stack had recovered, that is before the first {@value #RECOVERED_AFTER} lifecycles in a row,
     * started after the fault's end, that all took their usual time. A lifecycle slow after that is counted apart, as
     * the stack's usual tail: over a phase of thousands of lifecycles a few are slow without any fault (the baseline
     * shows how many), and the last of them says nothing about the fault. Zero when none finished slowly after the
     * fault.
     */
    static CatchUp catchUp(List<Lifecycle.Outcome> finished, long slowNanos, long faultEndMillis) {
        List<Lifecycle.Outcome> byStart = finished.stream()
                .sorted(Comparator.comparingLong(Lifecycle.Outcome::startedEpochMillis)).toList();
        long recoveredAt = Long.MAX_VALUE;
        int usualInARow = 0;
        for (int i = 0; i < byStart.size() && recoveredAt == Long.MAX_VALUE; i++) {
            Lifecycle.Outcome outcome = byStart.get(i);
            if (outcome.startedEpochMillis() < faultEndMillis) {
                continue;
            }
            usualInARow = outcome.nanos() > slowNanos ? 0 : usualInARow + 1;
            if (usualInARow == RECOVERED_AFTER) {
                recoveredAt = byStart.get(i - RECOVERED_AFTER + 1).startedEpochMillis();
            }
        }
        long lastSlowFinish = faultEndMillis;
        int later = 0;
        for (Lifecycle.Outcome outcome : byStart) {
            if (outcome.nanos() <= slowNanos) {
                continue;
            }
            if (outcome.startedEpochMillis() < recoveredAt) {
                lastSlowFinish = Math.max(lastSlowFinish, finishedAt(outcome));
            } else {
                later++;
            }
        }
        return new CatchUp(lastSlowFinish - faultEndMillis, later);
    }

    private static long finishedAt(Lifecycle.Outcome outcome) {
        return outcome.startedEpochMillis() + outcome.nanos() / 1_000_000;
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every service's consumer group has consumed its topics to the end; when that was, or -1. */
    private long awaitNoLag(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (totalLag().values().stream().mapToLong(Long::longValue).sum() == 0) {
                return System.currentTimeMillis();
            }
            Faults.pause(Duration.ofSeconds(1));
        }
        Report.log("  consumer lag still not zero after %d s: %s", timeout.toSeconds(), totalLag());
        return System.currentTimeMillis();
    }

    /** Per group, the records on its topics it has not committed yet. */
    Map<String, Long> totalLag() {
        Map<String, Long> lag = new LinkedHashMap<>();
        try (Admin admin = Admin.create(stack.kafkaAdminProperties());
                var consumer = new KafkaConsumer<String, String>(EventLog.consumerProperties(stack.kafkaAdminProperties()))) {
            for (String group : GROUPS) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(20, TimeUnit.SECONDS);
                Set<TopicPartition> partitions = new HashSet<>();
                // every partition of every topic the group reads, including partitions it has not committed yet
                Set<String> topics = committed.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet());
                for (String topic : topics) {
                    consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                long sum = 0;
                for (TopicPartition tp : partitions) {
                    OffsetAndMetadata c = committed.get(tp);
                    sum += end.getOrDefault(tp, 0L) - (c == null ? 0 : c.offset());
                }
                lag.put(group, sum);
            }
        } catch (Exception e) {
            lag.put("(unknown: " + e.getClass().getSimpleName() + ")", 1L);
        }
        return lag;
    }

    private List<Document> deadLetters() {
        List<Document> letters = new ArrayList<>();
        try (MongoClient client = MongoClients.create(stack.mongoUri())) {
            for (String group : GROUPS) {
                client.getDatabase(DB_OF_GROUP.get(group)).getCollection("dead_letters").find().into(letters);
            }
        } catch (RuntimeException e) {
            Report.log("  dead letters unreadable: %s", e.getMessage());
        }
        return letters;
    }

    private boolean check(List<Phase> phases, List<Faults.Poison> poisons, Path out) {
        Report.log("checking invariants ...");
        List<Event> events = EventLog.read(stack.kafkaAdminProperties(), EventLog.TOPICS);
        writeEvents(events, out.resolve("events.csv"));
        Map<String, List<Event>> byTicket = events.stream().filter(e -> e.key() != null)
                .collect(Collectors.groupingBy(Event::key));
        List<Document> letters = deadLetters();
        Map<String, Long> lag = totalLag();
        List<String> dltTopics = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(EventLog.consumerProperties(stack.kafkaAdminProperties()))) {
            consumer.listTopics(Duration.ofSeconds(20)).keySet().stream().filter(t -> t.endsWith(".dlt")).forEach(dltTopics::add);
        }
        List<Event> dlt = EventLog.read(stack.kafkaAdminProperties(), dltTopics);

        ObjectNode json = JsonNodeFactory.instance.objectNode();
        var rows = json.putArray("phases");
        List<ObjectNode> phaseRows = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        int totalLost = 0;
        int totalDup = 0;
        int totalOrder = 0;
        Report.line("");
        Report.line("== Fault-injection suite ==");
        Report.line("%-36s %8s %9s %6s %11s %13s %14s %10s %11s", "fault", "tickets", "finished", "lost", "duplicated",
                "out-of-order", "dead-lettered", "catch-up s", "slow later");
        for (Phase phase : phases) {
            int lost = 0;
            int dup = 0;
            int order = 0;
            int accepted = 0;
            for (Lifecycle.Outcome o : phase.outcomes()) {
                if (o.ticketId() == null) {
                    continue;
                }
                accepted++;
                List<Event> mine = byTicket.getOrDefault(o.ticketId(), List.of());
                Set<String> types = mine.stream().map(Event::type).collect(Collectors.toSet());
                if (!types.contains("callback.scheduled.v1")) {
                    lost++;
                    findings.add("LOST [" + phase.name() + "] " + o.ticketId() + ": events " + mine.stream()
                            .map(Event::type).toList() + (o.failure() == null ? "" : "; driver: " + o.failure()));
                }
                String dupWhy = duplicated(mine);
                if (dupWhy != null) {
                    dup++;
                    findings.add("DUPLICATED [" + phase.name() + "] " + o.ticketId() + ": " + dupWhy);
                }
                String orderWhy = outOfOrder(mine);
                if (orderWhy != null) {
                    order++;
                    findings.add("OUT-OF-ORDER [" + phase.name() + "] " + o.ticketId() + ": " + orderWhy);
                }
            }
            long finished = phase.outcomes().stream().filter(Lifecycle.Outcome::finished).count();
            totalLost += lost;
            totalDup += dup;
            totalOrder += order;
            Report.line("%-36s %8d %9d %6d %11d %13d %14d %10.0f %11d", phase.name(), accepted, finished, lost, dup,
                    order, phase.deadLettersAdded(), phase.catchUpSeconds(), phase.slowAfterRecovery());
            phaseRows.add(rows.addObject().put("fault", phase.name()).put("tickets", accepted).put("finished", finished)
                    .put("lost", lost).put("duplicated", dup).put("outOfOrder", order).put("deadLettered", phase.deadLettersAdded())
                    .put("catchUpSeconds", phase.catchUpSeconds()).put("slowAfterRecovery", phase.slowAfterRecovery()));
        }
        gcPauses(phases, phaseRows);

        // every failed record accounted for
        Report.line("");
        Report.line("consumer lag per group after the run (0 = every produced record processed or dead-lettered): %s", lag);
        boolean lagZero = lag.values().stream().allMatch(v -> v == 0);
        Report.line("dead letters: %d in the services' dead_letters collections, %d records on %s", letters.size(),
                dlt.size(), dltTopics);
        int unaccounted = 0;
        for (Faults.Poison p : poisons) {
            List<String> groups = letters.stream().filter(d -> p.key().equals(d.getString("key")))
                    .map(d -> d.getString("group")).sorted().toList();
            long onDlt = dlt.stream().filter(e -> p.key().equals(e.key())).count();
            Report.line("  poison %s (%s on %s): dead-lettered by %s, %d on .dlt topics", p.key(), p.type(), p.topic(),
                    groups, onDlt);
            if (groups.isEmpty()) {
                unaccounted++;
                findings.add("UNACCOUNTED poison " + p.key() + " on " + p.topic() + ": in no dead_letters collection");
            }
        }
        Set<String> poisonKeys = poisons.stream().map(Faults.Poison::key).collect(Collectors.toSet());
        List<Document> unexpected = letters.stream().filter(d -> !poisonKeys.contains(d.getString("key"))).toList();
        if (!unexpected.isEmpty()) {
            Report.line("  %d dead letters of real records (not injected poison):", unexpected.size());
            unexpected.stream().limit(10).forEach(d -> Report.line("    %s %s/%s offset %s key %s: %s", d.getString("group"),
                    d.getString("topic"), d.get("partition"), d.get("offset"), d.getString("key"),
                    String.valueOf(d.get("error", d.get("exception", ""))).lines().findFirst().orElse("")));
        }

        // Idempotency-Key replays
        int replays = 0;
        int replayFailures = 0;
        for (Phase phase : phases) {
            for (Lifecycle.Outcome o : phase.outcomes().stream().filter(o -> o.ticketId() != null).limit(3).toList()) {
                replays++;
                Gateway.Response again = target.gateway().send(Call.of("POST", "/api/v1/tickets").as("agent")
                        .header("Idempotency-Key", o.idempotencyKey()).json(o.recordBody()));
                if (again.status() != o.firstRecordResponse().status() || !o.ticketId().equals(again.text("id"))) {
                    replayFailures++;
                    findings.add("REPLAY [" + phase.name() + "] key " + o.idempotencyKey() + ": first " + o.ticketId()
                            + " " + o.firstRecordResponse().status() + ", replay " + again);
                }
                Gateway.Response other = target.gateway().send(Call.of("POST", "/api/v1/tickets").as("agent")
                        .header("Idempotency-Key", o.idempotencyKey()).json(o.recordBody().replace("UPS 告警灯闪烁", "另一个故障")));
                if (other.status() != 422) {
                    replayFailures++;
                    findings.add("REPLAY-DIFFERENT-BODY [" + phase.name() + "] key " + o.idempotencyKey() + ": " + other);
                }
            }
        }
        Report.line("Idempotency-Key replays: %d keys replayed (same body → first response; other body → 422), %d failures",
                replays, replayFailures);
        // every subscribed event of the run's tickets reached the integrator's endpoint, signed, in each ticket's order
        Set<String> tickets = phases.stream().flatMap(p -> p.outcomes().stream()).map(Lifecycle.Outcome::ticketId)
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        WebhookReceiver.Check webhooks = receiver.check(tickets, byTicket);
        long webhookDeadline = System.nanoTime() + options.seconds("webhook-drain", 180).toNanos();
        while (!webhooks.missing().isEmpty() && System.nanoTime() < webhookDeadline) {
            Faults.pause(Duration.ofSeconds(2));
            webhooks = receiver.check(tickets, byTicket);
        }
        Report.line("webhook: %d of %d messages received, %d missing, %d out of order, %d bad signatures, %d received"
                + " again under the same webhook-id; catch-up after the receiver came back %.0f s", webhooks.received(),
                webhooks.expected(), webhooks.missing().size(), webhooks.outOfOrder().size(),
                webhooks.badSignatures().size(), webhooks.again(), webhooks.catchUpSeconds());
        webhooks.missing().stream().limit(20).forEach(m -> findings.add("WEBHOOK-MISSING " + m));
        webhooks.outOfOrder().stream().limit(20).forEach(m -> findings.add("WEBHOOK-OUT-OF-ORDER " + m));
        webhooks.badSignatures().stream().limit(5).forEach(m -> findings.add("WEBHOOK-BAD-SIGNATURE " + m));
        json.putObject("webhook").put("expected", webhooks.expected()).put("received", webhooks.received())
                .put("missing", webhooks.missing().size()).put("outOfOrder", webhooks.outOfOrder().size())
                .put("badSignatures", webhooks.badSignatures().size()).put("receivedAgain", webhooks.again())
                .put("catchUpSeconds", webhooks.catchUpSeconds());
        double bound = options.decimal("catch-up-bound", 30);
        List<String> slow = phases.stream().filter(p -> p.catchUpSeconds() > bound).map(Phase::name).toList();
        Report.line("catch-up bound %.0f s exceeded by: %s", bound, slow.isEmpty() ? "none" : slow);
        if (!findings.isEmpty()) {
            Report.line("");
            Report.line("== Findings (first 40 of %d) ==", findings.size());
            findings.stream().limit(40).forEach(Report::line);
        }
        json.put("lagZero", lagZero).put("deadLetters", letters.size()).put("dltRecords", dlt.size())
                .put("unaccountedPoison", unaccounted).put("replays", replays).put("replayFailures", replayFailures);
        var list = json.putArray("findings");
        findings.forEach(list::add);
        Report.write(out.resolve("faults.json"), json.toPrettyString());
        Report.line("");
        Report.line("results: %s", out.resolve("faults.json").toAbsolutePath());
        return totalLost == 0 && totalDup == 0 && totalOrder == 0 && lagZero && unaccounted == 0 && replayFailures == 0
                && slow.isEmpty() && webhooks.ok();
    }

    /** Two different events for one (topic, ticket, sequence), or a second assignment, closure or callback. */
    /**
     * Every event on the topics, for reading beside the call log how long each hop took after a fault: topic,
     * partition, offset, key (the ticket), type, sequence, time (the outbox write, epoch milliseconds), published
     * (the record's producer timestamp).
     */
    private static void writeEvents(List<Event> events, Path file) {
        StringBuilder csv = new StringBuilder("topic,partition,offset,key,type,sequence,time,published\n");
        for (Event e : events) {
            csv.append(e.topic()).append(',').append(e.partition()).append(',').append(e.offset()).append(',')
                    .append(e.key()).append(',').append(e.type()).append(',').append(e.sequence()).append(',')
                    .append(e.time() == null ? "" : e.time().toEpochMilli()).append(',').append(e.publishedMillis())
                    .append('\n');
        }
        Report.write(file, csv.toString());
    }

    static String duplicated(List<Event> events) {
        Map<String, Set<String>> idsBySequence = new HashMap<>();
        Map<String, Set<String>> idsByType = new HashMap<>();
        for (Event e : events) {
            idsBySequence.computeIfAbsent(e.topic() + "#" + e.sequence(), k -> new HashSet<>()).add(e.id());
            idsByType.computeIfAbsent(e.type(), k -> new HashSet<>()).add(e.id());
        }
        for (var entry : idsBySequence.entrySet()) {
            if (entry.getValue().size() > 1) {
                return "sequence " + entry.getKey() + " carries " + entry.getValue().size() + " different events";
            }
        }
        for (String type : List.of("dispatch.assigned.v1", "ticket.closed.v1", "callback.scheduled.v1", "ticket.opened.v1",
                "visit.completed.v1")) {
            if (idsByType.getOrDefault(type, Set.of()).size() > 1) {
                return idsByType.get(type).size() + " × " + type;
            }
        }
        return null;
    }

    /** Per topic, in offset order, each new event's sequence is the next one (redeliveries of one event aside). */
    static String outOfOrder(List<Event> events) {
        Map<String, List<Event>> byTopic = events.stream().collect(Collectors.groupingBy(Event::topic));
        for (var entry : byTopic.entrySet()) {
            List<Event> list = new ArrayList<>(entry.getValue());
            list.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                    : Long.compare(a.offset(), b.offset()));
            Set<String> seen = new HashSet<>();
            long last = 0;
            for (Event e : list) {
                if (!seen.add(e.id())) {
                    continue;
                }
                if (e.sequence() != last + 1) {
                    return entry.getKey() + ": sequence " + e.sequence() + " (" + e.type() + ") after " + last;
                }
                last = e.sequence();
            }
        }
        return null;
    }
}
