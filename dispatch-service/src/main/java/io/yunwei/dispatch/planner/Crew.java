package io.yunwei.dispatch.planner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ai.timefold.solver.core.api.domain.common.PlanningId;
import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.entity.PlanningPinToIndex;
import ai.timefold.solver.core.api.domain.variable.PlanningListVariable;

import io.yunwei.dispatch.engineer.Engineer;

/**
 * An engineer as the planner sees one: skills, home and backup areas, how many dispatches they may carry at once,
 * the shift and on-call windows in the horizon (minutes since the epoch), when and where they are free of the work
 * they are doing now, and the route of jobs the plan gives them. The first {@code pinned} jobs are accepted work
 * that stays where it is.
 */
@PlanningEntity
public class Crew {

    @PlanningId
    private String id;
    private Map<String, Integer> skills;
    private Set<String> areas;
    private Set<String> backupAreas;
    private int capacity;
    private boolean available;
    private int doneToday;
    private Location home;
    private long freeAt;
    private Location freeFrom;
    private long[] windowStarts;
    private long[] windowEnds;
    private double speedKmh;

    @PlanningPinToIndex
    private int pinned;

    @PlanningListVariable(allowsUnassignedValues = true)
    private List<Job> jobs = new ArrayList<>();

    Crew() {
    }

    /**
     * {@code windows}: pairs of [start, end) in minutes since the epoch, in any order; {@code doneToday}: dispatches
     * already taken today, for fairness; {@code freeAt}: when the work in hand ends (at least now).
     */
    public Crew(String id, Map<String, Integer> skills, Set<String> areas, Set<String> backupAreas, int capacity,
            boolean available, int doneToday, Location home, long freeAt, Location freeFrom, List<long[]> windows,
            double speedKmh) {
        this.id = id;
        this.skills = skills.entrySet().stream().filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(e -> e.getKey().toUpperCase(Locale.ROOT), Map.Entry::getValue, Math::max));
        this.areas = Set.copyOf(areas);
        this.backupAreas = Set.copyOf(backupAreas);
        this.capacity = capacity;
        this.available = available;
        this.doneToday = doneToday;
        this.home = home;
        this.freeAt = freeAt;
        this.freeFrom = freeFrom;
        List<long[]> sorted = new ArrayList<>(windows);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] w : sorted) {
            if (!merged.isEmpty() && w[0] <= merged.getLast()[1]) {
                merged.getLast()[1] = Math.max(merged.getLast()[1], w[1]);
            } else if (w[1] > w[0]) {
                merged.add(new long[] { w[0], w[1] });
            }
        }
        this.windowStarts = merged.stream().mapToLong(w -> w[0]).toArray();
        this.windowEnds = merged.stream().mapToLong(w -> w[1]).toArray();
        this.speedKmh = speedKmh;
    }

    /**
     * The planner's view of an engineer: {@code capacity} is what the route may hold (the engineer's capacity less
     * the work in hand that is not on the route), working windows are the calendar over {@code [from, until)}.
     */
    public static Crew of(Engineer engineer, int capacity, boolean available, int doneToday, Location home,
            Instant freeAt, Location freeFrom, Instant from, Instant until, double speedKmh) {
        Map<String, Integer> skills = new HashMap<>();
        engineer.skills().forEach(s -> skills.merge(s.category(), s.level(), Math::max));
        List<long[]> windows = engineer.workingPeriods(from, until).stream()
                .map(p -> new long[] { Planner.minutes(p[0]), Planner.minutes(p[1]) }).toList();
        return new Crew(engineer.id(), skills, Set.copyOf(engineer.areas()), Set.copyOf(engineer.backupAreas()),
                Math.max(0, capacity), available, doneToday, home, Planner.minutes(freeAt), freeFrom, windows,
                speedKmh);
    }

    /** Puts accepted work at the head of the route, where the solver leaves it. */
    public Crew pin(Job job) {
        jobs.add(pinned, job);
        job.setCrew(this);
        pinned++;
        return this;
    }

    /** Puts a job on the route where the solver may move it (a warm start). */
    public Crew plan(Job job) {
        jobs.add(job);
        job.setCrew(this);
        return this;
    }

    /** Takes the engineer out of the plan (off sick): all their jobs, accepted ones too, leave the route and wait. */
    public List<Job> fallSick() {
        available = false;
        List<Job> freed = new ArrayList<>(jobs);
        jobs.clear();
        pinned = 0;
        freed.forEach(job -> job.setCrew(null));
        return freed;
    }

    public boolean covers(String area) {
        return area == null || areas.contains(area) || backupAreas.contains(area);
    }

    public boolean primaryFor(String area) {
        return area == null || areas.contains(area);
    }

    public boolean skilledFor(List<String> categories) {
        for (String category : categories) {
            if (!skills.containsKey(category)) {
                return false;
            }
        }
        return true;
    }

    /** Skill categories of the job this engineer lacks. */
    public List<String> missingSkills(Job job) {
        return job.getCategories().stream().filter(c -> !skills.containsKey(c)).toList();
    }

    /** Dispatches the engineer may carry in this plan: none when off sick or otherwise unavailable. */
    public int effectiveCapacity() {
        return available ? capacity : 0;
    }

    public int overCapacity() {
        return Math.max(0, jobs.size() - effectiveCapacity());
    }

    /** The day's dispatches once this plan is carried out, for fairness. */
    public int dayLoad() {
        return doneToday + jobs.size();
    }

    /** Whether the engineer is on shift or on call at {@code minute}. */
    public boolean onShiftAt(long minute) {
        for (int i = 0; i < windowStarts.length; i++) {
            if (windowStarts[i] <= minute && minute < windowEnds[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The route timed: from where the engineer is free, each job is left for at the first moment the engineer is
     * free, the ticket exists, and the engineer will still be on shift on arrival; an appointment makes them wait
     * for its window. Routes are as short as the capacity, so timing them afresh is cheaper than caching.
     */
    public List<Stop> stops() {
        List<Stop> stops = new ArrayList<>(jobs.size());
        long free = freeAt;
        Location at = freeFrom != null ? freeFrom : home;
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            int travel = Location.travelMinutes(at, job.getSite(), speedKmh);
            long ready = Math.max(free, job.getReadyAt());
            if (job.getWindowStart() != null) {
                ready = Math.max(ready, job.getWindowStart() - travel);
            }
            long departure = departureOnShift(ready, travel);
            boolean offShift = departure < 0;
            if (offShift) {
                departure = ready;
            }
            long arrival = departure + travel;
            boolean afterWindow = job.getWindowEnd() != null && arrival > job.getWindowEnd();
            Stop stop = new Stop(job, id, i, departure, arrival, travel, offShift, afterWindow);
            stops.add(stop);
            free = stop.end();
            at = job.getSite() != null ? job.getSite() : at;
        }
        return stops;
    }

    /** The first departure at or after {@code ready} that arrives inside the same working window; -1 if none. */
    private long departureOnShift(long ready, int travel) {
        for (int i = 0; i < windowStarts.length; i++) {
            if (windowEnds[i] <= ready) {
                continue;
            }
            long departure = Math.max(ready, windowStarts[i]);
            if (departure + travel < windowEnds[i]) {
                return departure;
            }
        }
        return -1;
    }

    /** Minutes travelled over the route. */
    public long travelMinutes() {
        long total = 0;
        for (Stop stop : stops()) {
            total += stop.travelMinutes();
        }
        return total;
    }

    public String getId() { return id; }
    public Map<String, Integer> getSkills() { return skills; }
    public Set<String> getAreas() { return areas; }
    public Set<String> getBackupAreas() { return backupAreas; }
    public int getCapacity() { return capacity; }
    public boolean isAvailable() { return available; }
    public int getDoneToday() { return doneToday; }
    public Location getHome() { return home; }
    public long getFreeAt() { return freeAt; }
    public int getPinned() { return pinned; }
    public List<Job> getJobs() { return jobs; }
    public void setJobs(List<Job> jobs) { this.jobs = jobs; }

    @Override
    public String toString() {
        return id;
    }
}
