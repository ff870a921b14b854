package io.yunwei.dispatch.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.yunwei.dispatch.dispatch.Explanation.Candidate;
import io.yunwei.dispatch.dispatch.Matchmaker.Need;
import io.yunwei.dispatch.engineer.Engineer;
import io.yunwei.dispatch.engineer.Engineer.OnCall;
import io.yunwei.dispatch.engineer.Engineer.Shift;
import io.yunwei.dispatch.engineer.Engineer.Skill;

/**
 * A day of dispatch, simulated: a seeded generator makes engineers across areas (skills, shifts, on-call, capacity,
 * home base, backup areas) and a day of tickets, and the same workload is handed out by this engine's
 * {@link Matchmaker} and by a round-robin over the engineers covering the area with the skill and free capacity.
 * Reports SLA-arrival attainment, load spread (max/mean open dispatches) and decision latency.
 *
 * <p>Not part of {@code verify} (the name matches neither {@code *Test} nor {@code *IT}); run it with
 * {@code ./mvnw -B -ntp -pl dispatch-service test -Dtest=DispatchSimulationBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * The report is logged and written to {@code dispatch-service/target/dispatch-simulation.txt}.
 */
class DispatchSimulationBenchmark {

    private static final Logger log = LoggerFactory.getLogger(DispatchSimulationBenchmark.class);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private static final Instant START = DAY.atStartOfDay(ZONE).toInstant();
    private static final List<String> CATEGORIES = List.of("PRINTER", "UPS", "SERVER", "NETWORK");
    private static final Map<String, Duration> ARRIVAL = Map.of("P1", Duration.ofHours(2), "P2", Duration.ofHours(4),
            "P3", Duration.ofHours(8), "P4", Duration.ofHours(24));

    @Test
    void engineVersusRoundRobinOnTheSameDay() throws IOException {
        StringBuilder report = new StringBuilder();
        // warm the JIT up so the latency figures measure decisions, not class loading
        simulate(World.generate(1, 8, 48, 300), new EngineStrategy());
        simulate(World.generate(1, 8, 48, 300), new RoundRobinStrategy());
        for (long seed : new long[] { 7, 42, 2026 }) {
            World world = World.generate(seed, 8, 48, 300);
            Result engine = simulate(world, new EngineStrategy());
            Result roundRobin = simulate(world, new RoundRobinStrategy());
            report.append(String.format(Locale.ROOT, "seed %d: %d engineers in %d areas, %d tickets%n", seed,
                    world.engineers.size(), world.areas, world.tickets.size()));
            report.append(engine.line("engine     ")).append(roundRobin.line("round-robin"));
            assertThat(engine.assigned + engine.escalated).isEqualTo(world.tickets.size());
            assertThat(roundRobin.assigned + roundRobin.escalated).isEqualTo(world.tickets.size());
        }
        log.info("Dispatch simulation{}{}", System.lineSeparator(), report);
        Path out = Path.of("target", "dispatch-simulation.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    private static Result simulate(World world, Strategy strategy) {
        Map<String, Sim> engineers = new HashMap<>();
        world.engineers.forEach(e -> engineers.put(e.id(), new Sim(e)));
        PriorityQueue<Work> running = new PriorityQueue<>((a, b) -> a.end.compareTo(b.end));
        Result result = new Result();
        List<Double> spread = new ArrayList<>();
        for (Ticket ticket : world.tickets) {
            while (!running.isEmpty() && !running.peek().end.isAfter(ticket.openedAt)) {
                Work done = running.poll();
                engineers.get(done.engineerId).active.remove(done.ticketId);
            }
            List<Engineer> snapshot = engineers.values().stream().map(Sim::snapshot).toList();
            long started = System.nanoTime();
            String chosen = strategy.choose(snapshot, ticket);
            result.latenciesNanos.add(System.nanoTime() - started);
            if (chosen == null) {
                result.escalated++;
                result.missedByPriority.merge(ticket.priority, 1, Integer::sum);
                continue;
            }
            Sim engineer = engineers.get(chosen);
            engineer.active.add(ticket.id);
            engineer.tally++;
            result.assigned++;
            Engineer e = engineer.engineer;
            Instant onShift = e.onShiftBetween(ticket.openedAt, ticket.openedAt.plus(Duration.ofDays(7)))
                    .orElse(ticket.openedAt.plus(Duration.ofDays(7)));
            Instant begin = latest(ticket.openedAt, engineer.freeAt, onShift);
            Duration travel = ticket.area.equals(e.homeBase()) ? Duration.ofMinutes(30)
                    : e.primaryFor(ticket.area) ? Duration.ofMinutes(60) : Duration.ofMinutes(90);
            Instant arrival = begin.plus(travel);
            Instant end = arrival.plus(ticket.work);
            engineer.freeAt = end;
            running.add(new Work(ticket.id, chosen, end));
            if (arrival.isAfter(ticket.arrivalDue)) {
                result.missedByPriority.merge(ticket.priority, 1, Integer::sum);
            } else {
                result.metArrival++;
            }
            int[] loads = engineers.values().stream().mapToInt(s -> s.active.size()).toArray();
            double mean = Arrays.stream(loads).average().orElse(0);
            spread.add(mean == 0 ? 1 : Arrays.stream(loads).max().orElse(0) / mean);
        }
        result.total = world.tickets.size();
        result.meanSpread = spread.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        int[] tallies = engineers.values().stream().mapToInt(s -> s.tally).toArray();
        result.maxTally = Arrays.stream(tallies).max().orElse(0);
        result.meanTally = Arrays.stream(tallies).average().orElse(0);
        result.p1 = world.tickets.stream().filter(t -> t.priority.equals("P1")).count();
        return result;
    }

    private static Instant latest(Instant... instants) {
        return Arrays.stream(instants).max(Instant::compareTo).orElseThrow();
    }

    private interface Strategy {
        /** The engineer to give the ticket to, or null to escalate. */
        String choose(List<Engineer> engineers, Ticket ticket);
    }

    /** This engine: the matchmaker's best eligible candidate. */
    private static final class EngineStrategy implements Strategy {
        private final Matchmaker matchmaker = new Matchmaker();

        @Override
        public String choose(List<Engineer> engineers, Ticket ticket) {
            List<Candidate> ranked = matchmaker.rank(engineers, new Need(ticket.area, List.of(ticket.category),
                    ticket.arrivalDue, null), Set.of(), ticket.openedAt, DAY);
            return ranked.isEmpty() || !ranked.getFirst().eligible() ? null : ranked.getFirst().engineerId();
        }
    }

    /** The baseline: next in turn among engineers covering the area with the skill and a free slot. */
    private static final class RoundRobinStrategy implements Strategy {
        private final Map<String, Integer> turn = new HashMap<>();

        @Override
        public String choose(List<Engineer> engineers, Ticket ticket) {
            List<Engineer> able = engineers.stream().filter(e -> e.covers(ticket.area))
                    .filter(e -> e.levelIn(ticket.category) > 0).sorted((a, b) -> a.id().compareTo(b.id())).toList();
            int start = turn.getOrDefault(ticket.area, 0);
            for (int i = 0; i < able.size(); i++) {
                Engineer e = able.get((start + i) % able.size());
                if (e.load() < e.capacity()) {
                    turn.put(ticket.area, (start + i + 1) % able.size());
                    return e.id();
                }
            }
            return null;
        }
    }

    private static final class Sim {
        final Engineer engineer;
        final List<String> active = new ArrayList<>();
        Instant freeAt = START;
        int tally;

        Sim(Engineer engineer) {
            this.engineer = engineer;
        }

        Engineer snapshot() {
            Engineer e = engineer;
            List<String> taken = new ArrayList<>();
            for (int i = 0; i < tally; i++) {
                taken.add("t" + i);
            }
            return new Engineer(e.id(), e.name(), e.phone(), e.skills(), e.areas(), e.capacity(), true,
                    List.copyOf(active), e.createdAt(), e.backupAreas(), e.homeBase(), e.zone(), e.shifts(), e.onCall(),
                    DAY.toString(), taken);
        }
    }

    private record Work(String ticketId, String engineerId, Instant end) {
    }

    private record Ticket(String id, String area, String category, String priority, Instant openedAt,
            Instant arrivalDue, Duration work) {
    }

    private static final class Result {
        int total;
        int assigned;
        int escalated;
        int metArrival;
        long p1;
        double meanSpread;
        int maxTally;
        double meanTally;
        final Map<String, Integer> missedByPriority = new HashMap<>();
        final List<Long> latenciesNanos = new ArrayList<>();

        String line(String name) {
            long[] sorted = latenciesNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            Function<Double, Double> percentile = p -> sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000.0;
            double p1Met = p1 == 0 ? 1 : 1 - missedByPriority.getOrDefault("P1", 0) / (double) p1;
            return String.format(Locale.ROOT,
                    "  %s  SLA arrival met %5.1f%% (P1 %5.1f%%), escalated %3d, load spread max/mean %.2f, "
                            + "dispatches per engineer max %d mean %.1f, decision latency p50 %.0f us p99 %.0f us%n",
                    name, 100.0 * metArrival / total, 100.0 * p1Met, escalated, meanSpread, maxTally, meanTally,
                    percentile.apply(0.5), percentile.apply(0.99));
        }
    }

    /** The generated workload: engineers and a day of tickets, in order of opening. */
    private record World(int areas, List<Engineer> engineers, List<Ticket> tickets) {

        static World generate(long seed, int areas, int engineerCount, int ticketCount) {
            Random random = new Random(seed);
            List<Engineer> engineers = new ArrayList<>();
            List<Shift[]> patterns = List.of(shifts(8, 17), shifts(13, 22), shifts(21, 9));
            for (int i = 0; i < engineerCount; i++) {
                String area = "A" + (i % areas);
                List<String> backup = random.nextDouble() < 0.5 ? List.of("A" + ((i + 1) % areas)) : List.of();
                String home = random.nextDouble() < 0.7 ? area : "A" + random.nextInt(areas);
                List<Skill> skills = new ArrayList<>();
                List<String> pool = new ArrayList<>(CATEGORIES);
                Collections.shuffle(pool, random);
                skills.add(new Skill(pool.get(0), 1 + random.nextInt(5)));
                skills.add(new Skill(pool.get(1), 1 + random.nextInt(5)));
                List<OnCall> onCall = random.nextDouble() < 0.15
                        ? List.of(new OnCall(START, START.plus(Duration.ofDays(1)))) : List.of();
                engineers.add(new Engineer("eng-" + i, "eng-" + i, null, skills, List.of(area), 2 + random.nextInt(3),
                        true, List.of(), START, backup, home, ZONE.getId(),
                        List.of(patterns.get(i % patterns.size())), onCall, null, List.of()));
            }
            List<Ticket> tickets = new ArrayList<>();
            for (int i = 0; i < ticketCount; i++) {
                // office hours are busier: two thirds of the tickets open between 08:00 and 18:00
                long minute = random.nextDouble() < 0.67 ? 480 + random.nextInt(600) : random.nextInt(1440);
                Instant opened = START.plus(Duration.ofMinutes(minute)).plusSeconds(random.nextInt(60));
                double p = random.nextDouble();
                String priority = p < 0.1 ? "P1" : p < 0.35 ? "P2" : p < 0.75 ? "P3" : "P4";
                tickets.add(new Ticket("t-" + i, "A" + random.nextInt(areas), CATEGORIES.get(random.nextInt(4)), priority,
                        opened, opened.plus(ARRIVAL.get(priority)), Duration.ofMinutes(45 + random.nextInt(136))));
            }
            tickets.sort((a, b) -> a.openedAt().compareTo(b.openedAt()));
            return new World(areas, List.copyOf(engineers), List.copyOf(tickets));
        }

        private static Shift[] shifts(int start, int end) {
            return Arrays.stream(DayOfWeek.values()).map(d -> new Shift(d, LocalTime.of(start, 0), LocalTime.of(end, 0)))
                    .toArray(Shift[]::new);
        }
    }
}
