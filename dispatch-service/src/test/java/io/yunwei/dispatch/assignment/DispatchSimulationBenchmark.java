package io.yunwei.dispatch.assignment;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.yunwei.dispatch.assignment.Explanation.Candidate;
import io.yunwei.dispatch.assignment.Matchmaker.Need;
import io.yunwei.dispatch.engineer.Engineer;
import io.yunwei.dispatch.engineer.Engineer.OnCall;
import io.yunwei.dispatch.engineer.Engineer.Shift;
import io.yunwei.dispatch.engineer.Engineer.Skill;
import io.yunwei.dispatch.planner.Crew;
import io.yunwei.dispatch.planner.DispatchPlan;
import io.yunwei.dispatch.planner.Job;
import io.yunwei.dispatch.planner.Location;
import io.yunwei.dispatch.planner.Planner;
import io.yunwei.dispatch.planner.Stop;

/**
 * A day of dispatch, simulated: a seeded generator makes engineers across areas (skills, shifts, on-call, capacity,
 * home base, backup areas) and a day of tickets at sites with coordinates, and the same workload is handed out by
 * round-robin, by this engine's greedy {@link Matchmaker} and by the {@link Planner}. All three run on one execution
 * model: an engineer carries at most their capacity of dispatches (started and queued), works the queue in order,
 * leaves for the next job when free, on shift and the ticket exists, and must arrive inside a shift or on-call
 * window; travel is the straight-line distance at 30 km/h. Greedy and round-robin decide once, when the ticket opens,
 * and escalate when nobody can take it; the planner replans whenever a ticket opens or, while tickets wait, an
 * engineer finishes a job, and may move queued (not yet started) work. Reports SLA-arrival attainment, load
 * spread, travel, hard-rule violations in what was carried out, and decision time; then the planner alone on 50
 * engineers × 500 tickets, and the replan after one engineer falls sick.
 *
 * <p>Not part of {@code verify} (the name matches neither {@code *Test} nor {@code *IT}); run it with
 * {@code ./mvnw -B -ntp -pl dispatch-service -am test -Dtest=DispatchSimulationBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * The report is logged and written to {@code dispatch-service/target/dispatch-simulation.txt}.
 */
class DispatchSimulationBenchmark {

    private static final Logger log = LoggerFactory.getLogger(DispatchSimulationBenchmark.class);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private static final Instant START = DAY.atStartOfDay(ZONE).toInstant();
    private static final Instant HORIZON_END = START.plus(Duration.ofDays(3));
    private static final List<String> CATEGORIES = List.of("PRINTER", "UPS", "SERVER", "NETWORK");
    private static final Map<String, Duration> ARRIVAL = Map.of("P1", Duration.ofHours(2), "P2", Duration.ofHours(4),
            "P3", Duration.ofHours(8), "P4", Duration.ofHours(24));
    private static final double SPEED_KMH = 30;
    private static final long[] SEEDS = Arrays.stream(System.getProperty("simulation.seeds", "7,42,2026").split(","))
            .filter(seed -> !seed.isBlank()).mapToLong(Long::parseLong).toArray();
    /** Tickets in a day: 300 overloads the 48 engineers; fewer leave the planner room to spread the work. */
    private static final int TICKETS = Integer.getInteger("simulation.tickets", 300);
    /** Each replan during the day: at most this long, and less once the score stops improving. */
    private static final Planner REPLANNER = new Planner(Duration.ofMillis(800), Duration.ofMillis(150));

    @Test
    void plannerVersusGreedyVersusRoundRobinOnTheSameDay() throws IOException {
        StringBuilder report = new StringBuilder();
        // warm the JIT up so the latency figures measure decisions, not class loading
        World warm = World.generate(1, 8, 48, 300);
        simulate(warm, new GreedyStrategy());
        simulate(World.generate(1, 8, 48, 100), new PlannerStrategy());
        for (long seed : SEEDS) {
            World world = World.generate(seed, 8, 48, TICKETS);
            Result roundRobin = simulate(world, new RoundRobinStrategy());
            Result greedy = simulate(world, new GreedyStrategy());
            Result planner = simulate(world, new PlannerStrategy());
            report.append(String.format(Locale.ROOT, "seed %d: %d engineers in %d areas, %d tickets%n", seed,
                    world.engineers.size(), world.areas, world.tickets.size()));
            report.append(String.format(Locale.ROOT, "  lower bounds: load spread max/mean >= %.2f whatever the "
                    + "strategy; jobs per engineer over the day max/mean >= %.2f when every ticket is served%n",
                    world.heldSpreadBound(), world.dayLoadBound()));
            report.append(roundRobin.line("round-robin")).append(greedy.line("greedy     "))
                    .append(planner.line("planner    "));
            report.append(String.format(Locale.ROOT, "  planner vs round-robin: SLA arrival %+.1f points%n",
                    planner.attainment() - roundRobin.attainment()));
            for (Result result : List.of(roundRobin, greedy, planner)) {
                assertThat(result.met + result.late + result.neverServed).isEqualTo(world.tickets.size());
            }
        }
        if (!Boolean.getBoolean("simulation.skipLarge")) {
            report.append(largePlan(2026));
        }
        log.info("Dispatch simulation{}{}", System.lineSeparator(), report);
        Path out = Path.of("target", "dispatch-simulation.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    /** The planner alone: every ticket of a 50 × 500 day planned at once, then replanned after one falls sick. */
    private static String largePlan(long seed) {
        World world = World.generate(seed, 8, 50, 500);
        Instant now = START.plus(Duration.ofHours(8));
        Planner planner = new Planner(Duration.ofSeconds(25), Duration.ofSeconds(3));
        List<Crew> crews = new ArrayList<>();
        for (Engineer e : world.engineers) {
            crews.add(Crew.of(e, e.capacity(), true, 0, world.homes.get(e.id()), now, world.homes.get(e.id()), now,
                    HORIZON_END, SPEED_KMH));
        }
        List<Job> jobs = world.tickets.stream().map(DispatchSimulationBenchmark::job).toList();
        Planner.Timed planned = planner.timed(new DispatchPlan(crews, new ArrayList<>(jobs)));
        DispatchPlan plan = planned.plan();
        Planner.Explained first = planner.explain(plan);
        Crew sick = plan.getCrews().stream().max((a, b) -> Integer.compare(a.getJobs().size(), b.getJobs().size()))
                .orElseThrow();
        int moved = sick.fallSick().size();
        Planner quick = new Planner(Duration.ofSeconds(3), Duration.ofMillis(500));
        Planner.Timed replanned = quick.timed(plan);
        Planner.Explained second = quick.explain(replanned.plan());
        return String.format(Locale.ROOT, "planner, %d engineers × %d tickets planned at once (08:00): %.1f s "
                + "(best plan found after %.1f s; budget 25 s, or 3 s without improvement), score %s, %d on routes, "
                + "%d waiting, hard violations %d%n"
                + "  replan after %s falls sick (%d jobs to move): %.2f s (best found after %.2f s; budget 3 s, or "
                + "0.5 s without improvement), score %s, hard violations %d%n",
                world.engineers.size(), jobs.size(), seconds(planned.took()), seconds(planned.bestFoundAfter()),
                first.score(), first.assignments().size(), first.waiting().size(), first.broken().size(), sick.getId(),
                moved, seconds(replanned.took()), seconds(replanned.bestFoundAfter()), second.score(),
                second.broken().size());
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static Job job(Ticket t) {
        return new Job(t.id, t.area, List.of(t.category), t.priority, Planner.minutes(t.openedAt),
                Planner.minutes(t.arrivalDue), (int) t.work.toMinutes(), t.site);
    }

    private static Result simulate(World world, Strategy strategy) {
        Day day = new Day(world);
        for (Ticket ticket : world.tickets) {
            day.waitUntil(ticket.openedAt, strategy);
            day.recordSpread();
            long started = System.nanoTime();
            strategy.opened(day, ticket);
            day.result.latenciesNanos.add(System.nanoTime() - started);
        }
        day.waitUntil(HORIZON_END, strategy);
        day.result.neverServed += day.pool.size();
        day.result.finish(day);
        return day.result;
    }

    /** The day as it unfolds: each engineer's work in hand and queue, the tickets waiting, and what happened. */
    private static final class Day {
        final World world;
        final Map<String, Sim> engineers = new LinkedHashMap<>();
        final List<Ticket> pool = new ArrayList<>();
        final Result result = new Result();
        Instant now = START;

        Day(World world) {
            this.world = world;
            world.engineers.forEach(e -> engineers.put(e.id(), new Sim(e, world.homes.get(e.id()))));
        }

        /** Carries the work out up to {@code until}; while tickets wait, every finished job is a moment to replan. */
        void waitUntil(Instant until, Strategy strategy) {
            while (!pool.isEmpty()) {
                Instant next = engineers.values().stream().map(s -> s.nextFinish(now)).filter(f -> f != null)
                        .min(Instant::compareTo).orElse(null);
                if (next == null || next.isAfter(until)) {
                    break;
                }
                advance(next);
                strategy.replan(this);
            }
            advance(until);
        }

        void advance(Instant until) {
            for (Sim sim : engineers.values()) {
                sim.advance(until, result);
            }
            now = until;
        }

        void recordSpread() {
            int[] loads = engineers.values().stream().mapToInt(Sim::held).toArray();
            double mean = Arrays.stream(loads).average().orElse(0);
            result.spread.add(mean == 0 ? 1 : Arrays.stream(loads).max().orElse(0) / mean);
        }

        void give(String engineerId, Ticket ticket) {
            Sim sim = engineers.get(engineerId);
            if (sim.held() >= sim.engineer.capacity()) {
                result.violations++;
            }
            sim.queue.add(ticket);
        }
    }

    /** One engineer: the job in hand (until {@code freeAt}, ending at {@code at}) and the queue in order. */
    private static final class Sim {
        final Engineer engineer;
        final Location home;
        final List<Ticket> queue = new ArrayList<>();
        final List<Instant> running = new ArrayList<>();
        Instant freeAt = START;
        Location at;
        int started;

        Sim(Engineer engineer, Location home) {
            this.engineer = engineer;
            this.home = home;
            this.at = home;
        }

        int held() {
            return running.size() + queue.size();
        }

        Instant nextFinish(Instant after) {
            return running.stream().filter(end -> end.isAfter(after)).min(Instant::compareTo).orElse(null);
        }

        /** The engineer as the planner sees them at {@code now}, queue on the route as a warm start. */
        Crew crew(Instant now, Map<String, Job> jobs) {
            Crew crew = Crew.of(engineer, engineer.capacity() - running.size(), true, started, home,
                    freeAt.isAfter(now) ? freeAt : now, at, now, HORIZON_END, SPEED_KMH);
            queue.forEach(t -> crew.plan(jobs.get(t.id).dispatchedTo(engineer.id())));
            return crew;
        }

        /** Starts every queued job the engineer leaves for by {@code until}; ends the ones finished by then. */
        void advance(Instant until, Result result) {
            while (!queue.isEmpty()) {
                Ticket head = queue.getFirst();
                Crew alone = Crew.of(engineer, 1, true, 0, home, freeAt, at, START, HORIZON_END, SPEED_KMH);
                alone.plan(job(head));
                Stop stop = alone.stops().getFirst();
                if (Planner.instant(stop.departure()).isAfter(until)) {
                    break;
                }
                queue.removeFirst();
                started++;
                Instant departure = Planner.instant(stop.departure());
                if (result.lastDeparture.isBefore(departure)) {
                    result.lastDeparture = departure;
                }
                if (stop.offShift() || !engineer.covers(head.area) || engineer.levelIn(head.category) == 0) {
                    result.violations++;
                }
                result.travelMinutes += stop.travelMinutes();
                Instant arrival = Planner.instant(stop.arrival());
                if (arrival.isAfter(head.arrivalDue)) {
                    result.late++;
                    result.missedByPriority.merge(head.priority, 1, Integer::sum);
                } else {
                    result.met++;
                }
                freeAt = arrival.plus(head.work);
                at = head.site;
                running.add(freeAt);
            }
            running.removeIf(end -> !end.isAfter(until));
            // what has not left by now leaves no earlier than now, whoever decides it
            if (freeAt.isBefore(until)) {
                freeAt = until;
            }
        }

        Engineer snapshot(int tally) {
            Engineer e = engineer;
            List<String> active = new ArrayList<>();
            for (int i = 0; i < held(); i++) {
                active.add("d" + i);
            }
            List<String> taken = new ArrayList<>();
            for (int i = 0; i < tally; i++) {
                taken.add("t" + i);
            }
            return new Engineer(e.id(), e.name(), e.phone(), e.skills(), e.areas(), e.capacity(), true, active,
                    e.createdAt(), e.backupAreas(), e.homeBase(), e.zone(), e.shifts(), e.onCall(), DAY.toString(), taken);
        }
    }

    private interface Strategy {
        /** A ticket opened at {@code day.now}. */
        void opened(Day day, Ticket ticket);

        /** An engineer finished a job while tickets wait. */
        default void replan(Day day) {
        }
    }

    /** This engine's instant answer: the matchmaker's best eligible candidate, or escalation. */
    private static final class GreedyStrategy implements Strategy {
        private final Matchmaker matchmaker = new Matchmaker();
        private final Map<String, Integer> tally = new HashMap<>();

        @Override
        public void opened(Day day, Ticket ticket) {
            List<Engineer> engineers = day.engineers.values().stream()
                    .map(s -> s.snapshot(tally.getOrDefault(s.engineer.id(), 0))).toList();
            List<Candidate> ranked = matchmaker.rank(engineers, new Need(ticket.area, List.of(ticket.category),
                    ticket.arrivalDue, null), Set.of(), ticket.openedAt, DAY);
            if (ranked.isEmpty() || !ranked.getFirst().eligible()) {
                day.result.neverServed++;
                day.result.missedByPriority.merge(ticket.priority, 1, Integer::sum);
                return;
            }
            tally.merge(ranked.getFirst().engineerId(), 1, Integer::sum);
            day.give(ranked.getFirst().engineerId(), ticket);
        }
    }

    /** The baseline: next in turn among engineers covering the area with the skill and a free slot. */
    private static final class RoundRobinStrategy implements Strategy {
        private final Map<String, Integer> turn = new HashMap<>();

        @Override
        public void opened(Day day, Ticket ticket) {
            List<Sim> able = day.engineers.values().stream().filter(s -> s.engineer.covers(ticket.area))
                    .filter(s -> s.engineer.levelIn(ticket.category) > 0)
                    .sorted((a, b) -> a.engineer.id().compareTo(b.engineer.id())).toList();
            int start = turn.getOrDefault(ticket.area, 0);
            for (int i = 0; i < able.size(); i++) {
                Sim s = able.get((start + i) % able.size());
                if (s.held() < s.engineer.capacity()) {
                    turn.put(ticket.area, (start + i + 1) % able.size());
                    day.give(s.engineer.id(), ticket);
                    return;
                }
            }
            day.result.neverServed++;
            day.result.missedByPriority.merge(ticket.priority, 1, Integer::sum);
        }
    }

    /**
     * The planner: the new ticket joins the waiting ones and every engineer's queue, and the solver shares them out
     * again; queues become the routes it returns, tickets on no route wait for the next replan.
     */
    private static final class PlannerStrategy implements Strategy {

        @Override
        public void opened(Day day, Ticket ticket) {
            day.pool.add(ticket);
            replan(day);
        }

        @Override
        public void replan(Day day) {
            Map<String, Ticket> tickets = new HashMap<>();
            Map<String, Job> jobs = new LinkedHashMap<>();
            for (Sim sim : day.engineers.values()) {
                sim.queue.forEach(t -> tickets.put(t.id, t));
            }
            day.pool.forEach(t -> tickets.put(t.id, t));
            tickets.values().forEach(t -> jobs.put(t.id, job(t)));
            List<Crew> crews = day.engineers.values().stream().map(s -> s.crew(day.now, jobs)).toList();
            DispatchPlan plan = REPLANNER.solve(new DispatchPlan(crews, new ArrayList<>(jobs.values())));
            day.pool.clear();
            day.result.replans++;
            for (Crew crew : plan.getCrews()) {
                Sim sim = day.engineers.get(crew.getId());
                sim.queue.clear();
                int room = crew.effectiveCapacity();
                for (Job job : crew.getJobs()) {
                    // a plan that still breaks capacity is not carried out beyond it: the rest waits
                    if (room-- > 0) {
                        sim.queue.add(tickets.get(job.getTicketId()));
                    } else {
                        day.pool.add(tickets.get(job.getTicketId()));
                    }
                }
            }
            plan.getJobs().stream().filter(j -> j.getCrew() == null).forEach(j -> day.pool.add(tickets.get(j.getTicketId())));
        }
    }

    private record Ticket(String id, String area, String category, String priority, Instant openedAt,
            Instant arrivalDue, Duration work, Location site) {
    }

    private static final class Result {
        int met;
        int late;
        int neverServed;
        int violations;
        int replans;
        long travelMinutes;
        double meanSpread;
        int maxStarted;
        double meanStarted;
        String startedByShift;
        double maxRate;
        double meanRate;
        Instant lastDeparture = START;
        final List<Double> spread = new ArrayList<>();
        final Map<String, Integer> missedByPriority = new HashMap<>();
        final List<Long> latenciesNanos = new ArrayList<>();
        long p1;

        void finish(Day day) {
            meanSpread = spread.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            int[] started = day.engineers.values().stream().mapToInt(s -> s.started).toArray();
            maxStarted = Arrays.stream(started).max().orElse(0);
            meanStarted = Arrays.stream(started).average().orElse(0);
            // jobs per hour the engineer was rostered (shift or on call) while work was being started
            double[] rates = day.engineers.values().stream().mapToDouble(s -> {
                long minutes = s.engineer.workingPeriods(START, lastDeparture).stream()
                        .mapToLong(p -> Duration.between(p[0], p[1]).toMinutes()).sum();
                return minutes == 0 ? 0 : s.started * 60.0 / minutes;
            }).toArray();
            maxRate = Arrays.stream(rates).max().orElse(0);
            meanRate = Arrays.stream(rates).average().orElse(0);
            Map<String, List<Integer>> byShift = new LinkedHashMap<>();
            day.engineers.values().forEach(s -> byShift.computeIfAbsent(shiftOf(s.engineer), k -> new ArrayList<>())
                    .add(s.started));
            startedByShift = byShift.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(),
                    e.getValue().stream().mapToInt(Integer::intValue).average().orElse(0)))
                    .collect(Collectors.joining(", "));
            p1 = day.world.tickets.stream().filter(t -> t.priority.equals("P1")).count();
        }

        double attainment() {
            return 100.0 * met / (met + late + neverServed);
        }

        String line(String name) {
            long[] sorted = latenciesNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            Function<Double, Double> percentile = p -> sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
            double p1Met = p1 == 0 ? 1 : 1 - missedByPriority.getOrDefault("P1", 0) / (double) p1;
            return String.format(Locale.ROOT,
                    "  %s  SLA arrival met %5.1f%% (P1 %5.1f%%), never served %3d, load spread max/mean %.2f, "
                            + "jobs per engineer max %d mean %.1f (max/mean %.2f), travel %5d min, hard violations %d, "
                            + "decision p50 %.1f ms p99 %.1f ms%s%n"
                            + "               jobs per rostered hour max/mean %.2f; mean jobs per engineer by shift: %s%n",
                    name, attainment(), 100.0 * p1Met, neverServed, meanSpread, maxStarted, meanStarted,
                    meanStarted == 0 ? 0 : maxStarted / meanStarted, travelMinutes,
                    violations, percentile.apply(0.5), percentile.apply(0.99),
                    replans == 0 ? "" : ", " + replans + " replans", meanRate == 0 ? 0 : maxRate / meanRate,
                    startedByShift);
        }

        private static String shiftOf(Engineer engineer) {
            Shift shift = engineer.shifts().getFirst();
            return shift.start() + "-" + shift.end() + (engineer.onCall().isEmpty() ? "" : " and on call");
        }
    }

    /** The generated workload: engineers with homes, and a day of tickets at sites, in order of opening. */
    private record World(int areas, List<Engineer> engineers, Map<String, Location> homes, List<Ticket> tickets) {

        static World generate(long seed, int areas, int engineerCount, int ticketCount) {
            Random random = new Random(seed);
            // coordinates come from a stream of their own, so engineers and tickets are those of earlier reports
            Random map = new Random(seed * 31 + 17);
            List<Engineer> engineers = new ArrayList<>();
            Map<String, Location> homes = new HashMap<>();
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
                homes.put("eng-" + i, near(home, map));
            }
            List<Ticket> tickets = new ArrayList<>();
            for (int i = 0; i < ticketCount; i++) {
                // office hours are busier: two thirds of the tickets open between 08:00 and 18:00
                long minute = random.nextDouble() < 0.67 ? 480 + random.nextInt(600) : random.nextInt(1440);
                Instant opened = START.plus(Duration.ofMinutes(minute)).plusSeconds(random.nextInt(60));
                double p = random.nextDouble();
                String priority = p < 0.1 ? "P1" : p < 0.35 ? "P2" : p < 0.75 ? "P3" : "P4";
                String area = "A" + random.nextInt(areas);
                tickets.add(new Ticket("t-" + i, area, CATEGORIES.get(random.nextInt(4)), priority, opened,
                        opened.plus(ARRIVAL.get(priority)), Duration.ofMinutes(45 + random.nextInt(136)),
                        near(area, map)));
            }
            tickets.sort((a, b) -> a.openedAt().compareTo(b.openedAt()));
            return new World(areas, List.copyOf(engineers), Map.copyOf(homes), List.copyOf(tickets));
        }

        /**
         * No strategy can spread held dispatches better than this, averaged over the openings as the report samples
         * them: before the k-th opening at most k - 1 tickets exist (nor more than the engineers' capacity), and T
         * dispatches among N engineers leave one of them at least ceil(T / N), so max/mean >= ceil(T / N) N / T for
         * the best T the moment allows (1 when nothing is held). Skills, areas and shifts only raise it.
         */
        double heldSpreadBound() {
            int n = engineers.size();
            int capacity = engineers.stream().mapToInt(Engineer::capacity).sum();
            double sum = 0;
            for (int k = 0; k < tickets.size(); k++) {
                int most = Math.min(k, capacity);
                double best = most == 0 ? 1 : Double.MAX_VALUE;
                for (int t = 1; t <= most; t++) {
                    best = Math.min(best, Math.ceil(t / (double) n) * n / t);
                }
                sum += best;
            }
            return sum / tickets.size();
        }

        /**
         * The fewest jobs the busiest engineer must start when every ticket is served by an engineer who has the
         * skill and covers the area, over the mean: the smallest per-engineer limit L under which a maximum flow
         * (ticket kinds to able engineers, each engineer taking at most L) still carries every ticket. Shifts and
         * SLA targets are left out, so the true optimum can only be higher.
         */
        double dayLoadBound() {
            List<String> kinds = tickets.stream().map(t -> t.area + "/" + t.category).distinct().sorted().toList();
            int k = kinds.size();
            int n = engineers.size();
            int source = 0;
            int sink = 1 + k + n;
            int total = tickets.size();
            for (int limit = (int) Math.ceil(total / (double) n); limit <= total; limit++) {
                int[][] cap = new int[sink + 1][sink + 1];
                for (Ticket t : tickets) {
                    cap[source][1 + kinds.indexOf(t.area + "/" + t.category)]++;
                }
                for (int i = 0; i < k; i++) {
                    String[] kind = kinds.get(i).split("/");
                    for (int j = 0; j < n; j++) {
                        Engineer e = engineers.get(j);
                        if (e.covers(kind[0]) && e.levelIn(kind[1]) > 0) {
                            cap[1 + i][1 + k + j] = total;
                        }
                    }
                }
                for (int j = 0; j < n; j++) {
                    cap[1 + k + j][sink] = limit;
                }
                if (maxFlow(cap, source, sink) == total) {
                    return limit / (total / (double) n);
                }
            }
            return Double.NaN;
        }

        /** Edmonds–Karp on a small dense graph. */
        private static int maxFlow(int[][] cap, int source, int sink) {
            int flow = 0;
            while (true) {
                int[] parent = new int[cap.length];
                Arrays.fill(parent, -1);
                parent[source] = source;
                ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(source));
                while (!queue.isEmpty() && parent[sink] < 0) {
                    int u = queue.poll();
                    for (int v = 0; v < cap.length; v++) {
                        if (parent[v] < 0 && cap[u][v] > 0) {
                            parent[v] = u;
                            queue.add(v);
                        }
                    }
                }
                if (parent[sink] < 0) {
                    return flow;
                }
                int push = Integer.MAX_VALUE;
                for (int v = sink; v != source; v = parent[v]) {
                    push = Math.min(push, cap[parent[v]][v]);
                }
                for (int v = sink; v != source; v = parent[v]) {
                    cap[parent[v]][v] -= push;
                    cap[v][parent[v]] += push;
                }
                flow += push;
            }
        }

        /** Areas lie on a 4 × 2 grid about 10 km apart; a place in an area is within about 3 km of its centre. */
        private static Location near(String area, Random map) {
            int i = Integer.parseInt(area.substring(1));
            double lat = 31.20 + (i / 4) * 0.09 + (map.nextDouble() - 0.5) * 0.06;
            double lon = 121.40 + (i % 4) * 0.105 + (map.nextDouble() - 0.5) * 0.07;
            return new Location(lat, lon);
        }

        private static Shift[] shifts(int start, int end) {
            return Arrays.stream(DayOfWeek.values()).map(d -> new Shift(d, LocalTime.of(start, 0), LocalTime.of(end, 0)))
                    .toArray(Shift[]::new);
        }
    }
}
