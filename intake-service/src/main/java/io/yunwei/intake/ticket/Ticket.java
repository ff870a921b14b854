package io.yunwei.intake.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.OutboxDocument;
import io.yunwei.chassis.outbox.RaisedEvent;
import io.yunwei.intake.ticket.FaultRecord.Completeness;
import io.yunwei.intake.ticket.SlaPolicy.Sla;
import io.yunwei.intake.ticket.TicketEvents.TicketClosed;
import io.yunwei.intake.ticket.TicketEvents.TicketOpened;
import io.yunwei.intake.ticket.TicketEvents.TicketRecorded;
import io.yunwei.intake.ticket.TicketEvents.TicketReopened;
import io.yunwei.intake.ticket.TicketEvents.TicketStatusChanged;

/**
 * A reported fault from its recording to its closure. It guards its own transitions: a customer's call opens
 * only once its 5W1H record is complete and read back; statuses reported by other services move it along the
 * lifecycle, and every event about it lands on its timeline.
 */
@Document("tickets")
@CompoundIndexes({
        @CompoundIndex(name = "status_recorded", def = "{'status': 1, 'recordedAt': -1}"),
        @CompoundIndex(name = "customer_recorded", def = "{'customerId': 1, 'recordedAt': -1}") })
public class Ticket extends OutboxDocument {

    static final String SOURCE = "/yunwei/intake-service";

    @Indexed(unique = true)
    private String number;
    private Channel channel;
    private String customerId;
    private String siteId;
    private String areaCode;
    private List<String> assetIds = List.of();
    private List<String> assetCategories = List.of();
    private String callId;
    private Reporter reporter;
    private FaultRecord fault;
    private Completeness completeness;
    private Priority priority;
    private TicketStatus status;
    private Sla sla;
    private ReadBack readBack;
    private String recordedBy;
    private Instant recordedAt;
    private Instant openedAt;
    private Instant resolvedAt;
    private Instant closedAt;
    private String engineerId;
    private int cycle;
    private List<TimelineEntry> timeline = new ArrayList<>();

    protected Ticket() {
    }

    private Ticket(String id) {
        super(id);
    }

    /** Records a new report; an inspection or integration report that is complete opens at once. */
    static Ticket record(String id, String number, Recording recording, Instant now, SlaPolicy slaPolicy) {
        Ticket ticket = new Ticket(id);
        ticket.number = number;
        ticket.channel = recording.channel();
        ticket.customerId = recording.customerId();
        ticket.siteId = recording.siteId();
        ticket.areaCode = recording.areaCode();
        ticket.assetIds = List.copyOf(recording.assetIds());
        ticket.assetCategories = List.copyOf(recording.assetCategories());
        ticket.callId = recording.callId();
        ticket.reporter = recording.reporter();
        ticket.fault = recording.fault();
        ticket.recordedBy = recording.recordedBy();
        ticket.recordedAt = now;
        ticket.cycle = 1;
        ticket.completeness = ticket.fault.completeness();
        ticket.priority = ticket.fault.how() == null ? Priority.P3
                : Priority.of(ticket.fault.how().impact(), ticket.fault.how().urgency());
        ticket.status = TicketStatus.RECORDED;
        ticket.announce(TicketEvents.RECORDED, new TicketRecorded(id, number, ticket.channel, ticket.customerId,
                ticket.siteId, ticket.assetIds, ticket.status, ticket.completeness, ticket.priority, now), now);
        if (ticket.channel != Channel.CUSTOMER_CALL && ticket.completeness.complete()) {
            ticket.open(now, slaPolicy);
        }
        return ticket;
    }

    /** The agent read the record back to the caller and the caller confirmed it: the call's ticket opens. */
    void confirmReadBack(ReadBack confirmation, SlaPolicy slaPolicy) {
        if (channel != Channel.CUSTOMER_CALL) {
            throw new TicketRuleException("READ_BACK_NOT_APPLICABLE",
                    "Only a customer's call is read back; this ticket came by " + channel + ".");
        }
        if (status != TicketStatus.RECORDED) {
            throw new IllegalTransitionException("confirmed by read-back", status);
        }
        if (!completeness.complete()) {
            throw new TicketRuleException("RECORD_INCOMPLETE",
                    "The 5W1H record is incomplete; ask the caller for " + completeness.missing() + " first.")
                    .with("missing", completeness.missing());
        }
        readBack = confirmation;
        open(confirmation.confirmedAt(), slaPolicy);
    }

    private void open(Instant now, SlaPolicy slaPolicy) {
        sla = slaPolicy.dueFrom(now, priority);
        openedAt = now;
        moveTo(TicketStatus.OPEN, TicketEvents.OPENED, now);
        announce(TicketEvents.OPENED, new TicketOpened(id, number, channel, customerId, siteId, areaCode, assetIds,
                assetCategories, priority, sla, fault.what() == null ? null : fault.what().symptom(),
                fault.where() == null ? null : fault.where().location(), now), now);
    }

    /**
     * Follows what another service reports about this ticket; every event lands on the timeline. What intake
     * announces in turn is stamped {@code now}, when intake learnt of it, so it never precedes its cause.
     */
    void follow(InboundEvent event, Instant now) {
        int position = timeline.size();
        switch (event.type()) {
            case InboundEvents.DISPATCH_ASSIGNED, InboundEvents.DISPATCH_REASSIGNED -> {
                engineerId = event.data(InboundEvents.Assignment.class).engineerId();
                moveTo(TicketStatus.ASSIGNED, event.type(), now);
            }
            case InboundEvents.DISPATCH_ACCEPTED -> moveTo(TicketStatus.ACCEPTED, event.type(), now);
            case InboundEvents.DISPATCH_ESCALATED -> moveTo(TicketStatus.ESCALATED, event.type(), now);
            case InboundEvents.APPOINTMENT_BOOKED, InboundEvents.APPOINTMENT_RESCHEDULED ->
                moveTo(TicketStatus.SCHEDULED, event.type(), now);
            case InboundEvents.VISIT_CHECKED_IN, InboundEvents.VISIT_DECISION_RECORDED ->
                moveTo(TicketStatus.ON_SITE, event.type(), now);
            case InboundEvents.VISIT_DECISION_REQUESTED ->
                moveTo(TicketStatus.AWAITING_CUSTOMER, event.type(), now);
            case InboundEvents.VISIT_COMPLETED -> visitCompleted(event, now);
            case InboundEvents.FAULT_RECURRED -> reopen(event, now);
            default -> {
                // the event only belongs on the timeline
            }
        }
        // the event goes on the timeline before what it caused
        timeline.add(position,
                new TimelineEntry(event.id(), event.type(), event.source(), event.sequence(), event.time(), status));
    }

    private void visitCompleted(InboundEvent event, Instant now) {
        InboundEvents.VisitCompleted visit = event.data(InboundEvents.VisitCompleted.class);
        switch (visit.outcome()) {
            case "RESOLVED" -> {
                resolvedAt = visit.completedAt();
                moveTo(TicketStatus.RESOLVED, event.type(), now);
                if (visit.serviceFormSigned()) {
                    close(now);
                }
            }
            case "REVISIT_NEEDED" -> moveTo(TicketStatus.REVISIT_NEEDED, event.type(), now);
            default -> moveTo(TicketStatus.ESCALATED, event.type(), now);
        }
    }

    private void close(Instant now) {
        closedAt = now;
        moveTo(TicketStatus.CLOSED, TicketEvents.CLOSED, now);
        announce(TicketEvents.CLOSED, new TicketClosed(id, number, customerId, engineerId, resolvedAt, now, cycle), now);
    }

    private void reopen(InboundEvent event, Instant now) {
        if (status != TicketStatus.CLOSED && status != TicketStatus.RESOLVED) {
            return;
        }
        String previousEngineer = engineerId;
        cycle++;
        resolvedAt = null;
        closedAt = null;
        moveTo(TicketStatus.REOPENED, event.type(), now);
        announce(TicketEvents.REOPENED, new TicketReopened(id, number, customerId, siteId, areaCode, assetCategories, priority,
                event.data(InboundEvents.FaultRecurred.class).note(), previousEngineer, cycle, now), now);
    }

    /**
     * Moves to the reported status. Reports from other services are facts already checked by the service that
     * owns them, so one that skips a step is still followed; only terminal statuses are never left by accident.
     */
    private void moveTo(TicketStatus target, String cause, Instant now) {
        if (target == status || status == TicketStatus.CANCELLED
                || (status == TicketStatus.CLOSED && target != TicketStatus.REOPENED)) {
            return;
        }
        TicketStatus from = status;
        status = target;
        announce(TicketEvents.STATUS_CHANGED, new TicketStatusChanged(id, from, target, cause, now), now);
    }

    private void announce(String type, Object payload, Instant now) {
        RaisedEvent event = raise(type, payload, now);
        timeline.add(new TimelineEntry(event.id(), type, SOURCE, event.sequence(), now, status));
    }

    public boolean visibleTo(String customer) {
        return customer == null || customer.equals(customerId);
    }

    public List<TimelineEntry> timeline() {
        return timeline.stream().sorted(Comparator.comparing(TimelineEntry::at)).toList();
    }

    public String number() { return number; }
    public Channel channel() { return channel; }
    public String customerId() { return customerId; }
    public String siteId() { return siteId; }
    public List<String> assetIds() { return assetIds; }
    public String callId() { return callId; }
    public Reporter reporter() { return reporter; }
    public FaultRecord fault() { return fault; }
    public Completeness completeness() { return completeness; }
    public Priority priority() { return priority; }
    public TicketStatus status() { return status; }
    public Sla sla() { return sla; }
    public ReadBack readBack() { return readBack; }
    public Instant recordedAt() { return recordedAt; }
    public Instant openedAt() { return openedAt; }
    public Instant closedAt() { return closedAt; }
    public String engineerId() { return engineerId; }
    public String recordedBy() { return recordedBy; }
    public int cycle() { return cycle; }

    /** What the call centre knows when it records a report. */
    record Recording(Channel channel, String customerId, String siteId, String areaCode, List<String> assetIds,
            List<String> assetCategories, String callId, Reporter reporter, FaultRecord fault, String recordedBy) {
    }

    public record Reporter(String name, String phone, String organization) {
    }

    public record ReadBack(String confirmedBy, String summaryReadBack, String agent, Instant confirmedAt) {
    }
}
