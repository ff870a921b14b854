package io.yunwei.dispatch.engineer;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A field engineer. {@code active} holds the dispatches the engineer carries now; it only ever changes by
 * atomic conditional updates, so capacity is never exceeded however many dispatch instances run.
 */
@Document("engineers")
public record Engineer(@Id String id, String name, String phone, List<Skill> skills, List<String> areas, int capacity,
        boolean available, List<String> active, Instant createdAt) {

    public Engineer {
        skills = skills == null ? List.of() : List.copyOf(skills);
        areas = areas == null ? List.of() : List.copyOf(areas);
        active = active == null ? List.of() : List.copyOf(active);
    }

    public int load() {
        return active.size();
    }

    public boolean covers(String areaCode) {
        return areaCode == null || areas.contains(areaCode);
    }

    public int levelIn(String category) {
        return skills.stream().filter(s -> s.category().equalsIgnoreCase(category)).mapToInt(Skill::level).max()
                .orElse(0);
    }

    /** Skill in an asset category, 1 (can assist) to 5 (expert). */
    public record Skill(String category, int level) {
    }
}
