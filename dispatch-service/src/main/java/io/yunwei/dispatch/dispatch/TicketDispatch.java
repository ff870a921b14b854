package io.yunwei.dispatch.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.core.mapping.Document;

import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.outbox.OutboxDocument;
import io.yunwei.dispatch.dispatch.DispatchEvents.DispatchAccepted;
import io.yunwei.dispatch.dispatch.DispatchEvents.DispatchAssigned;
import io.yunwei.dispatch.dispatch.DispatchEvents.DispatchEscalated;

/** Everything dispatch knows and decided about one ticket: its dispatches, in order. */
@Document("ticket_dispatches")
public class TicketDispatch extends OutboxDocument {

    private String customerId;
    private String siteId;
    private String areaCode;
    private List<String> assetCategories = List.of();
    private String priority;
    private int cycle;
    private boolean escalated;
    private List<Dispatch> dispatches = new ArrayList<>();

    protected TicketDispatch() {
    }

    TicketDispatch(String ticketId) {
        super(ticketId);
    }

    void ticketNeedsEngineer(String customerId, String siteId, String areaCode, List<String> assetCategories,
            String priority, int cycle) {
        this.customerId = customerId;
        this.siteId = siteId;
        this.areaCode = areaCode;
        this.assetCategories = assetCategories == null ? List.of() : List.copyOf(assetCategories);
        this.priority = priority;
        this.cycle = cycle;
    }

    /** The id the next dispatch of this ticket will have; stable across retries of the same decision. */
    String nextDispatchId() {
        return ChildIds.of(id, 'D', dispatches.size() + 1);
    }

    Dispatch assign(String engineerId, String engineerName, Explanation explanation, Instant now) {
        Dispatch dispatch = new Dispatch(nextDispatchId(), engineerId, DispatchStatus.ASSIGNED, cycle, explanation, now,
                null, null);
        dispatches.add(dispatch);
        escalated = false;
        raise(DispatchEvents.ASSIGNED, new DispatchAssigned(id, dispatch.id(), engineerId, engineerName, customerId,
                siteId, cycle, explanation.reason(), now), now);
        return dispatch;
    }

    void escalate(String reason, Instant now) {
        escalated = true;
        raise(DispatchEvents.ESCALATED, new DispatchEscalated(id, reason, now), now);
    }

    Dispatch accept(String dispatchId, Instant now) {
        Dispatch dispatch = dispatch(dispatchId).orElseThrow();
        if (dispatch.status() != DispatchStatus.ASSIGNED) {
            throw new DispatchRuleException("ILLEGAL_TRANSITION",
                    "Dispatch " + dispatchId + " is " + dispatch.status() + " and cannot be accepted.")
                    .with("status", dispatch.status()).with("allowedNext", dispatch.status().next());
        }
        Dispatch accepted = dispatch.withStatus(DispatchStatus.ACCEPTED, now);
        replace(accepted);
        raise(DispatchEvents.ACCEPTED, new DispatchAccepted(id, dispatchId, dispatch.engineerId(), now), now);
        return accepted;
    }

    /** The visit of this dispatch is over; returns the dispatch whose capacity can be given back. */
    Optional<Dispatch> finish(String dispatchId, Instant now) {
        return dispatch(dispatchId).filter(d -> d.status().holdsCapacity()).map(d -> {
            Dispatch done = d.withStatus(DispatchStatus.COMPLETED, now);
            replace(done);
            return done;
        });
    }

    Optional<Dispatch> dispatch(String dispatchId) {
        return dispatches.stream().filter(d -> d.id().equals(dispatchId)).findFirst();
    }

    private void replace(Dispatch dispatch) {
        dispatches.replaceAll(d -> d.id().equals(dispatch.id()) ? dispatch : d);
    }

    Optional<String> lastEngineer() {
        return dispatches.isEmpty() ? Optional.empty() : Optional.of(dispatches.getLast().engineerId());
    }

    public String areaCode() { return areaCode; }
    public List<String> assetCategories() { return assetCategories; }
    public String priority() { return priority; }
    public boolean escalated() { return escalated; }
    public List<Dispatch> dispatches() { return List.copyOf(dispatches); }

    public record Dispatch(String id, String engineerId, DispatchStatus status, int cycle, Explanation explanation,
            Instant assignedAt, Instant acceptedAt, Instant finishedAt) {

        Dispatch withStatus(DispatchStatus next, Instant now) {
            return new Dispatch(id, engineerId, next, cycle, explanation, assignedAt,
                    next == DispatchStatus.ACCEPTED ? now : acceptedAt,
                    next == DispatchStatus.COMPLETED ? now : finishedAt);
        }
    }

    public enum DispatchStatus {
        ASSIGNED, ACCEPTED, COMPLETED;

        boolean holdsCapacity() {
            return this == ASSIGNED || this == ACCEPTED;
        }

        List<DispatchStatus> next() {
            return switch (this) {
                case ASSIGNED -> List.of(ACCEPTED, COMPLETED);
                case ACCEPTED -> List.of(COMPLETED);
                case COMPLETED -> List.of();
            };
        }
    }
}
