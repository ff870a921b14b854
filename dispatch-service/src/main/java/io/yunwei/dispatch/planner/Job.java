package io.yunwei.dispatch.planner;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import ai.timefold.solver.core.api.domain.common.PlanningId;
import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.variable.InverseRelationShadowVariable;

/**
 * A ticket's visit to plan: where, which skills, when it may start, by when someone must arrive, how long the work
 * takes, a booked appointment window if any, who worked the ticket before, whom the customer prefers and to whom
 * it is dispatched now. Times are minutes since the epoch. {@code crew} is the engineer whose route holds it.
 */
@PlanningEntity
public class Job {

    /** No SLA arrival target. */
    public static final long NO_TARGET = Long.MAX_VALUE;

    @PlanningId
    private String ticketId;
    private String area;
    private List<String> categories;
    private String priority;
    private long readyAt;
    private long arrivalDue;
    private int workMinutes;
    private Location site;
    private Long windowStart;
    private Long windowEnd;
    private String previousEngineerId;
    private Set<String> preferredEngineerIds;
    private String dispatchedTo;
    private Set<String> refusedBy;

    @InverseRelationShadowVariable(sourceVariableName = "jobs")
    private Crew crew;

    Job() {
    }

    public Job(String ticketId, String area, List<String> categories, String priority, long readyAt, long arrivalDue,
            int workMinutes, Location site) {
        this.ticketId = ticketId;
        this.area = area;
        this.categories = categories == null ? List.of()
                : categories.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList();
        this.priority = priority;
        this.readyAt = readyAt;
        this.arrivalDue = arrivalDue;
        this.workMinutes = workMinutes;
        this.site = site;
        this.preferredEngineerIds = Set.of();
        this.refusedBy = Set.of();
    }

    /** Engineers who declined the ticket or let it lapse in this cycle: it does not go back to them. */
    public Job refusedBy(Set<String> engineerIds) {
        this.refusedBy = engineerIds == null ? Set.of() : Set.copyOf(engineerIds);
        return this;
    }

    /** A booked appointment window the arrival must fall in. */
    public Job booked(long start, long end) {
        this.windowStart = start;
        this.windowEnd = end;
        return this;
    }

    public Job workedBefore(String engineerId) {
        this.previousEngineerId = engineerId;
        return this;
    }

    public Job preferring(Set<String> engineerIds) {
        this.preferredEngineerIds = engineerIds == null ? Set.of() : Set.copyOf(engineerIds);
        return this;
    }

    /** The engineer the ticket is dispatched to now; moving it away costs a little (the engineer was told). */
    public Job dispatchedTo(String engineerId) {
        this.dispatchedTo = engineerId;
        return this;
    }

    /** How much a miss of this ticket weighs: P1 eight times a P4. */
    public int weight() {
        return switch (priority == null ? "" : priority) {
            case "P1" -> 8;
            case "P2" -> 4;
            case "P3" -> 2;
            default -> 1;
        };
    }

    public boolean hasTarget() {
        return arrivalDue != NO_TARGET;
    }

    public String getTicketId() { return ticketId; }
    public String getArea() { return area; }
    public List<String> getCategories() { return categories; }
    public String getPriority() { return priority; }
    public long getReadyAt() { return readyAt; }
    public long getArrivalDue() { return arrivalDue; }
    public int getWorkMinutes() { return workMinutes; }
    public Location getSite() { return site; }
    public Long getWindowStart() { return windowStart; }
    public Long getWindowEnd() { return windowEnd; }
    public String getPreviousEngineerId() { return previousEngineerId; }
    public Set<String> getPreferredEngineerIds() { return preferredEngineerIds; }
    public String getDispatchedTo() { return dispatchedTo; }
    public Set<String> getRefusedBy() { return refusedBy; }
    public Crew getCrew() { return crew; }
    public void setCrew(Crew crew) { this.crew = crew; }

    @Override
    public String toString() {
        return ticketId;
    }
}
