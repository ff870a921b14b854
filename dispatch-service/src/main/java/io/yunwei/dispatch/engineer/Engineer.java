package io.yunwei.dispatch.engineer;

import io.yunwei.chassis.web.IfMatch;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A field engineer. {@code active} holds the dispatches the engineer carries now; it only ever changes by
 * atomic conditional updates, so capacity is never exceeded however many dispatch instances run. An engineer
 * without shifts and on-call periods works around the clock.
 * <p>
 * {@code tallyCount} counts the dispatches taken on {@code tallyDay} (in the dispatch desk's zone), for fairness over
 * the day; {@code tally} keeps the latest of them by id ({@link EngineerRoster#TALLY_WINDOW}), so a retried or
 * given-back reservation is counted once and the document stays the same size however busy the day.
 * <p>
 * {@code creation} is the {@code Idempotency-Key} the engineer was added with, stored in the same insert;
 * {@code revision} counts the edits people make (availability and calendar) and is the {@code ETag}: the load,
 * which changes with every dispatch, is not an edit, so it does not make a dispatcher's change stale.
 */
@Document("engineers")
@CompoundIndex(name = "creation_key", def = "{'creation.client': 1, 'creation.key': 1}", sparse = true)
public record Engineer(@Id String id, String name, String phone, List<Skill> skills, List<String> areas, int capacity,
        boolean available, List<String> active, Instant createdAt, List<String> backupAreas, String homeBase,
        String zone, List<Shift> shifts, List<OnCall> onCall, String tallyDay, List<String> tally, Integer tallyCount,
        HomeLocation homeLocation, @JsonIgnore Creation creation, @JsonIgnore Long revision) {

    @PersistenceCreator
    public Engineer {
        skills = skills == null ? List.of() : List.copyOf(skills);
        areas = areas == null ? List.of() : List.copyOf(areas);
        active = active == null ? List.of() : List.copyOf(active);
        backupAreas = backupAreas == null ? List.of() : List.copyOf(backupAreas);
        shifts = shifts == null ? List.of() : List.copyOf(shifts);
        onCall = onCall == null ? List.of() : List.copyOf(onCall);
        tally = tally == null ? List.of() : List.copyOf(tally);
        // an engineer stored before the day's count was kept has its whole day in the list
        tallyCount = Math.max(tallyCount == null ? 0 : tallyCount, tally.size());
        // engineers stored before revisions were kept have had no edits counted
        revision = revision == null ? 0L : revision;
    }

    /** An engineer not added through the API: no creation key, no edits yet. */
    public Engineer(String id, String name, String phone, List<Skill> skills, List<String> areas, int capacity,
            boolean available, List<String> active, Instant createdAt, List<String> backupAreas, String homeBase,
            String zone, List<Shift> shifts, List<OnCall> onCall, String tallyDay, List<String> tally,
            HomeLocation homeLocation) {
        this(id, name, phone, skills, areas, capacity, available, active, createdAt, backupAreas, homeBase, zone, shifts,
                onCall, tallyDay, tally, null, homeLocation, null, 0L);
    }

    /** As above, without a home location. */
    public Engineer(String id, String name, String phone, List<Skill> skills, List<String> areas, int capacity,
            boolean available, List<String> active, Instant createdAt, List<String> backupAreas, String homeBase,
            String zone, List<Shift> shifts, List<OnCall> onCall, String tallyDay, List<String> tally) {
        this(id, name, phone, skills, areas, capacity, available, active, createdAt, backupAreas, homeBase, zone, shifts,
                onCall, tallyDay, tally, null);
    }

    Engineer createdWith(Creation creation) {
        return new Engineer(id, name, phone, skills, areas, capacity, available, active, createdAt, backupAreas,
                homeBase, zone, shifts, onCall, tallyDay, tally, tallyCount, homeLocation, creation, revision);
    }

    /** The {@code ETag} of what people edit on the engineer. */
    public String etag() {
        return IfMatch.etag(revision);
    }

    public int load() {
        return active.size();
    }

    public boolean covers(String areaCode) {
        return areaCode == null || areas.contains(areaCode) || backupAreas.contains(areaCode);
    }

    /** Every area the engineer covers, own areas first, then backup areas. */
    public List<String> coverage() {
        return Stream.concat(areas.stream(), backupAreas.stream()).distinct().toList();
    }

    /** Whether the area is one of the engineer's own (primary) areas rather than a backup. */
    public boolean primaryFor(String areaCode) {
        return areaCode == null || areas.contains(areaCode);
    }

    public int levelIn(String category) {
        return skills.stream().filter(s -> s.category().equalsIgnoreCase(category)).mapToInt(Skill::level).max()
                .orElse(0);
    }

    /** Dispatches taken on the given day (in the dispatch desk's zone), for fairness over the day. */
    public int dispatchesOn(LocalDate day) {
        return day.toString().equals(tallyDay) ? tallyCount : 0;
    }

    /**
     * The first moment in {@code [from, until)} the engineer is on shift or on call, if any. The weekly calendar
     * is read in the engineer's own zone; a shift whose end is not after its start runs past midnight.
     */
    public Optional<Instant> onShiftBetween(Instant from, Instant until) {
        if (shifts.isEmpty() && onCall.isEmpty()) {
            return from.isBefore(until) ? Optional.of(from) : Optional.empty();
        }
        return workingPeriods(from, until).stream().map(period -> period[0]).min(Comparator.naturalOrder());
    }

    /**
     * The engineer's working periods (shifts and on-call) overlapping {@code [from, until)}, clipped to it, in no
     * particular order and possibly overlapping; an engineer without a calendar works the whole span.
     */
    public List<Instant[]> workingPeriods(Instant from, Instant until) {
        List<Instant[]> periods = new ArrayList<>();
        if (shifts.isEmpty() && onCall.isEmpty()) {
            periods.add(new Instant[] { from, until });
            return periods;
        }
        for (OnCall period : onCall) {
            clip(period.from(), period.to(), from, until, periods);
        }
        ZoneId zoneId = zone == null ? ZoneId.of("Asia/Shanghai") : ZoneId.of(zone);
        LocalDate first = from.atZone(zoneId).toLocalDate().minusDays(1);
        LocalDate last = until.atZone(zoneId).toLocalDate();
        for (LocalDate day = first; !day.isAfter(last) && !day.isAfter(first.plusDays(15)); day = day.plusDays(1)) {
            for (Shift shift : shifts) {
                if (shift.day() == day.getDayOfWeek()) {
                    ZonedDateTime start = day.atTime(shift.start()).atZone(zoneId);
                    ZonedDateTime end = (shift.end().isAfter(shift.start()) ? day : day.plusDays(1))
                            .atTime(shift.end()).atZone(zoneId);
                    clip(start.toInstant(), end.toInstant(), from, until, periods);
                }
            }
        }
        return periods;
    }

    private static void clip(Instant start, Instant end, Instant from, Instant until, List<Instant[]> into) {
        if (end.isAfter(from) && start.isBefore(until)) {
            into.add(new Instant[] { start.isAfter(from) ? start : from, end.isBefore(until) ? end : until });
        }
    }

    /**
     * The request that added the engineer: whose {@code Idempotency-Key}, the key, a digest of the request, and the
     * response body as first sent, for a retry.
     */
    public record Creation(String client, String key, String fingerprint, String response) {
    }

    /** Skill in an asset category, 1 (can assist) to 5 (expert). */
    public record Skill(String category, int level) {
    }

    /** A weekly working period. */
    public record Shift(DayOfWeek day, LocalTime start, LocalTime end) {
    }

    /** Where the engineer's working day starts (WGS 84): the planner times the trip to the first site from here. */
    public record HomeLocation(double latitude, double longitude) {
    }

    /** A period the engineer is on call outside the weekly calendar. */
    public record OnCall(Instant from, Instant to) {
    }
}
