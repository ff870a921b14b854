package io.yunwei.dispatch.planner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Object Mother for planner tests: engineers on an 08:00–17:00 shift in area A, jobs in area A. */
final class Plans {

    static final long DAY = Planner.minutes(Instant.parse("2026-11-25T00:00:00Z"));
    static final long EIGHT = DAY + 8 * 60;
    static final long FIVE_PM = DAY + 17 * 60;
    static final Location DEPOT = new Location(31.20, 121.40);
    static final Location NEAR = new Location(31.21, 121.41);
    static final Location FAR = new Location(31.40, 121.70);

    private Plans() {
    }

    static CrewBuilder engineer(String id) {
        return new CrewBuilder(id);
    }

    static Job job(String ticketId, String priority, long due) {
        return new Job(ticketId, "A", List.of("UPS"), priority, EIGHT, due, 60, NEAR);
    }

    static final class CrewBuilder {
        private final String id;
        private Map<String, Integer> skills = Map.of("UPS", 3);
        private Set<String> areas = Set.of("A");
        private Set<String> backup = Set.of();
        private int capacity = 3;
        private boolean available = true;
        private int doneToday;
        private final List<long[]> windows = new ArrayList<>(List.of(new long[] { EIGHT, FIVE_PM }));

        CrewBuilder(String id) {
            this.id = id;
        }

        CrewBuilder skills(Map<String, Integer> skills) { this.skills = skills; return this; }
        CrewBuilder areas(String... areas) { this.areas = Set.of(areas); return this; }
        CrewBuilder backup(String... areas) { this.backup = Set.of(areas); return this; }
        CrewBuilder capacity(int capacity) { this.capacity = capacity; return this; }
        CrewBuilder sick() { this.available = false; return this; }
        CrewBuilder doneToday(int done) { this.doneToday = done; return this; }
        CrewBuilder noShifts() { this.windows.clear(); return this; }

        Crew build() {
            return new Crew(id, skills, areas, backup, capacity, available, doneToday, DEPOT, EIGHT, DEPOT, windows, 30);
        }
    }
}
