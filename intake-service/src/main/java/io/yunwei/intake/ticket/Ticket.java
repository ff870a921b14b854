package io.yunwei.intake.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Unwrapped;

import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.OutboxDocument;
import io.yunwei.chassis.web.RuleViolation;
import io.yunwei.intake.customer.Customer.AccessRules;
import io.yunwei.intake.customer.Customer.SiteLocation;
import io.yunwei.chassis.outbox.RaisedEvent;
import io.yunwei.intake.ticket.FaultRecord.Completeness;
import io.yunwei.intake.ticket.SlaPolicy.Sla;
import io.yunwei.intake.ticket.TicketEvents.AssetUpdated;
import io.yunwei.intake.ticket.TicketEvents.SlaBreached;
import io.yunwei.intake.ticket.TicketEvents.SlaReapplied;
import io.yunwei.intake.ticket.TicketEvents.SlaWarning;
import io.yunwei.intake.ticket.TicketEvents.TicketAmended;
import io.yunwei.intake.ticket.TicketEvents.TicketCancelled;
import io.yunwei.intake.ticket.TicketEvents.TicketClosed;
import io.yunwei.intake.ticket.TicketEvents.TicketContractOverridden;
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
// the lists and searches answer from the search index (TicketSearch); the store's indexes serve the SLA sweep and an
// asset's history
@CompoundIndexes({
        @CompoundIndex(name = "sla_next_check", def = "{'slaNextCheckAt': 1}"),
        @CompoundIndex(name = "asset_recorded", def = "{'assetIds': 1, 'recordedAt': -1}") })
public class Ticket extends OutboxDocument {

    static final String SOURCE = "/yunwei/intake-service";

    @Indexed(unique = true)
    private String number;
    private Channel channel;
    private String customerId;
    private String siteId;
    private String areaCode;
    /** The site's entry rules, which the engineer's checklist follows on site. */
    private AccessRules siteAccess;
    private SiteLocation siteLocation;
    private List<String> assetIds = List.of();
    private List<String> assetCategories = List.of();
    private String callId;
    private Reporter reporter;
    private FaultRecord fault;
    private Completeness completeness;
    private Priority priority;
    private TicketStatus status;
    private ReadBack readBack;
    private Amended lastAmended;
    private String recordedBy;
    private Instant recordedAt;
    private Instant openedAt;
    private Instant resolvedAt;
    private Instant closedAt;
    private String engineerId;
    private int cycle;
    private Boolean callerVerified;
    private List<ContractFlag> contractFlags = List.of();
    private ContractOverride contractOverride;
    private String duplicateOf;
    private String cancelReason;
    private Instant cancelledAt;
    @Unwrapped.Empty
    private SlaClock slaClock = new SlaClock();
    /** When the latest report from another service of where the ticket stands happened. */
    private Instant statusReportedAt;
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
        ticket.siteAccess = recording.siteAccess();
        ticket.siteLocation = recording.siteLocation();
        ticket.assetIds = List.copyOf(recording.assetIds());
        ticket.assetCategories = List.copyOf(recording.assetCategories());
        ticket.callId = recording.callId();
        ticket.reporter = recording.reporter();
        ticket.fault = recording.fault();
        ticket.recordedBy = recording.recordedBy();
        ticket.callerVerified = recording.callerVerified();
        ticket.contractFlags = List.copyOf(recording.contractFlags());
        ticket.duplicateOf = recording.duplicateOf();
        ticket.slaClock = new SlaClock(recording.slaTerms());
        ticket.recordedAt = now;
        ticket.cycle = 1;
        ticket.completeness = ticket.fault.completeness();
        ticket.priority = ticket.fault.how() == null ? Priority.P3
                : Priority.of(ticket.fault.how().impact(), ticket.fault.how().urgency());
        ticket.status = TicketStatus.RECORDED;
        ticket.announce(TicketEvents.RECORDED, new TicketRecorded(id, number, ticket.channel, ticket.customerId,
                ticket.siteId, ticket.assetIds, ticket.status, ticket.completeness, ticket.priority, now,
                ticket.callId, ticket.callerVerified, ticket.contractFlags, ticket.duplicateOf), now);
        if (ticket.duplicateOf != null) {
            ticket.moveTo(TicketStatus.LINKED, TicketEvents.RECORDED, now);
        } else {
            ticket.openIfReady(now, slaPolicy);
        }
        return ticket;
    }

    /** The agent read the record back to the caller and the caller confirmed it: the call's ticket opens. */
    void confirmReadBack(ReadBack confirmation, SlaPolicy slaPolicy) {
        if (channel != Channel.CUSTOMER_CALL) {
            throw new RuleViolation("READ_BACK_NOT_APPLICABLE",
                    "Only a customer's call is read back; this ticket came by " + channel + ".");
        }
        if (status != TicketStatus.RECORDED) {
            throw new IllegalTransitionException("confirmed by read-back", status);
        }
        if (!completeness.complete()) {
            throw new RuleViolation("RECORD_INCOMPLETE",
                    "The 5W1H record is incomplete; ask the caller for " + completeness.missing() + " first.")
                    .with("missing", completeness.missing());
        }
        readBack = confirmation;
        openIfReady(confirmation.confirmedAt(), slaPolicy);
    }

    /**
     * Changes the record while nobody has been sent yet. Given parts replace the recorded ones; what the service
     * worked out from the customer (site area, asset categories, contract flags) comes along. A call whose record
     * changed after its read-back must be read back again before it opens.
     */
    void amend(Amendment amendment, String amendedBy, Instant now, SlaPolicy slaPolicy) {
        if (status != TicketStatus.RECORDED && status != TicketStatus.OPEN) {
            throw new IllegalTransitionException("amended", status);
        }
        FaultRecord amended = fault.amendedWith(amendment.fault());
        Completeness amendedCompleteness = amended.completeness();
        if (status == TicketStatus.OPEN && !amendedCompleteness.complete()) {
            throw new RuleViolation("RECORD_INCOMPLETE",
                    "An open ticket must keep a complete 5W1H record; " + amendedCompleteness.missing() + " would be missing.")
                    .with("missing", amendedCompleteness.missing());
        }
        List<String> changed = new ArrayList<>(fault.changedParts(amended));
        fault = amended;
        completeness = amendedCompleteness;
        if (amendment.siteId() != null && !amendment.siteId().equals(siteId)) {
            siteId = amendment.siteId();
            areaCode = amendment.areaCode();
            siteAccess = amendment.siteAccess();
            siteLocation = amendment.siteLocation();
            changed.add("siteId");
        }
        if (amendment.assetIds() != null && !amendment.assetIds().equals(assetIds)) {
            assetIds = List.copyOf(amendment.assetIds());
            assetCategories = List.copyOf(amendment.assetCategories());
            changed.add("assetIds");
        }
        contractFlags = List.copyOf(amendment.contractFlags());
        priority = fault.how() == null ? Priority.P3 : Priority.of(fault.how().impact(), fault.how().urgency());
        if (status == TicketStatus.OPEN) {
            slaClock.recount(slaPolicy, priority, status);
        } else if (readBack != null && !changed.isEmpty()) {
            readBack = null;
        }
        if (!changed.isEmpty()) {
            lastAmended = new Amended(amendedBy, now, List.copyOf(changed));
        }
        announce(TicketEvents.AMENDED, new TicketAmended(id, number, List.copyOf(changed), customerId, siteId, areaCode,
                assetIds, assetCategories, completeness, priority, sla(), contractFlags, status, amendedBy, now), now);
        openIfReady(now, slaPolicy);
    }

    /** Withdraws the ticket before the fault is being worked on site. */
    void cancel(String reason, String cancelledBy, Instant now) {
        if (!status.allows(TicketStatus.CANCELLED)) {
            throw new IllegalTransitionException("cancelled", status);
        }
        TicketStatus from = status;
        cancelReason = reason;
        cancelledAt = now;
        moveTo(TicketStatus.CANCELLED, TicketEvents.CANCELLED, now);
        slaClock.stop();
        announce(TicketEvents.CANCELLED, new TicketCancelled(id, number, customerId, from, reason, cancelledBy, now), now);
    }

    /** An agent decided to serve a request outside the customer's contract; the reason stays on record. */
    void overrideContract(String reason, String agent, Instant now, SlaPolicy slaPolicy) {
        if (status != TicketStatus.RECORDED) {
            throw new IllegalTransitionException("overridden", status);
        }
        if (contractFlags.isEmpty()) {
            throw new RuleViolation("NOTHING_TO_OVERRIDE", "This request is within the customer's contract.");
        }
        contractOverride = new ContractOverride(reason, agent, now);
        announce(TicketEvents.CONTRACT_OVERRIDDEN,
                new TicketContractOverridden(id, number, customerId, contractFlags, reason, agent, now), now);
        openIfReady(now, slaPolicy);
    }

    /** What still keeps a recorded ticket from opening; empty when it may open. */
    public List<String> blockers() {
        List<String> blockers = new ArrayList<>();
        if (!completeness.complete()) {
            blockers.add("RECORD_INCOMPLETE");
        }
        if (channel == Channel.CUSTOMER_CALL && readBack == null) {
            blockers.add("READ_BACK_PENDING");
        }
        if (!contractFlags.isEmpty() && contractOverride == null) {
            blockers.add("OUTSIDE_CONTRACT");
        }
        if (duplicateOf != null) {
            blockers.add("DUPLICATE");
        }
        return blockers;
    }

    private void openIfReady(Instant now, SlaPolicy slaPolicy) {
        if (status == TicketStatus.RECORDED && blockers().isEmpty()) {
            open(now, slaPolicy);
        }
    }

    private void open(Instant now, SlaPolicy slaPolicy) {
        openedAt = now;
        moveTo(TicketStatus.OPEN, TicketEvents.OPENED, now);
        slaClock.start(now, priority, slaPolicy, status);
        announce(TicketEvents.OPENED, new TicketOpened(id, number, channel, customerId, siteId, areaCode, assetIds,
                assetCategories, priority, sla(), fault.what() == null ? null : fault.what().symptom(),
                fault.where() == null ? null : fault.where().location(), now, siteAccess, siteLocation), now);
    }

    /**
     * Follows what another service reports about this ticket; every event lands on the timeline. What intake
     * announces in turn is stamped {@code now}, when intake learnt of it, so it never precedes its cause. A report
     * older than the one that set the status (a dead letter re-driven after later reports) is only history: the
     * status never goes back.
     */
    void follow(InboundEvent event, Instant now, SlaPolicy slaPolicy) {
        if (statusReportedAt != null && event.time().isBefore(statusReportedAt)) {
            timeline.add(entryOf(event));
            return;
        }
        int position = timeline.size();
        TicketStatus before = status;
        boolean reportsStatus = true;
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
            case InboundEvents.FAULT_RECURRED -> reopen(event, now, slaPolicy);
            default -> reportsStatus = false; // the event only belongs on the timeline
        }
        if (reportsStatus) {
            statusReportedAt = event.time();
        }
        slaClock.follow(before, status, event.type(), now, priority, slaPolicy);
        // the event goes on the timeline before what it caused
        timeline.add(position, entryOf(event));
    }

    private TimelineEntry entryOf(InboundEvent event) {
        return new TimelineEntry(event.id(), event.type(), event.source(), event.sequence(), event.time(), status);
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
        slaClock.stop();
        announce(TicketEvents.CLOSED, new TicketClosed(id, number, customerId, engineerId, resolvedAt, now, cycle), now);
    }

    private void reopen(InboundEvent event, Instant now, SlaPolicy slaPolicy) {
        if (status != TicketStatus.CLOSED && status != TicketStatus.RESOLVED) {
            return;
        }
        String previousEngineer = engineerId;
        cycle++;
        resolvedAt = null;
        closedAt = null;
        moveTo(TicketStatus.REOPENED, event.type(), now);
        // the fault is back: the customer is owed the same promises again, counted from now
        slaClock.start(now, priority, slaPolicy, status);
        announce(TicketEvents.REOPENED, new TicketReopened(id, number, customerId, siteId, areaCode, assetCategories, priority,
                event.data(InboundEvents.FaultRecurred.class).note(), previousEngineer, cycle, now, siteAccess,
                siteLocation), now);
    }

    /**
     * Warns about a target at its warning share and reports it breached at its due time, each once. Called by the
     * sweeper; a second instance sweeping the same ticket loses the conditional write and finds the work done.
     * Answers whether anything changed.
     */
    boolean checkSla(Instant now, SlaPolicy slaPolicy) {
        Instant scheduled = slaClock.nextCheckAt();
        List<SlaClock.Lapse> lapses = slaClock.check(now, slaPolicy, priority, status);
        for (SlaClock.Lapse lapse : lapses) {
            if (lapse.breached()) {
                announce(TicketEvents.SLA_BREACHED, new SlaBreached(id, number, customerId, lapse.target(), lapse.due(),
                        priority, engineerId, now), now);
            } else {
                announce(TicketEvents.SLA_WARNING, new SlaWarning(id, number, customerId, lapse.target(), lapse.due(),
                        priority, engineerId, now), now);
            }
        }
        return !lapses.isEmpty() || !Objects.equals(scheduled, slaClock.nextCheckAt());
    }

    /**
     * Counts the clock again under the policy as it is now: the pauses are kept as instants, so their working time
     * is measured in the current calendar and nothing the customer waited is lost.
     */
    void reapplySla(SlaPolicy slaPolicy, String reason, String by, Instant now) {
        if (!slaClock.started() || EnumSet.of(TicketStatus.CLOSED, TicketStatus.CANCELLED).contains(status)) {
            throw new RuleViolation("NO_RUNNING_SLA_CLOCK", "This ticket has no SLA clock running.");
        }
        slaClock.recount(slaPolicy, priority, status);
        announce(TicketEvents.SLA_REAPPLIED, new SlaReapplied(id, number, customerId, priority, sla(), reason, by,
                now), now);
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

    /**
     * Announces what an engineer collected about one of this ticket's assets. It is keyed by the ticket, like every
     * intake event, because it is raised in the same write that records the field event as applied.
     */
    void assetUpdated(String assetId, Map<String, String> attributes, Instant now) {
        announce(TicketEvents.ASSET_UPDATED, new AssetUpdated(assetId, id, customerId, attributes, now), now);
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
    public Sla sla() { return slaClock.sla(); }
    public ReadBack readBack() { return readBack; }
    /** The latest amendment that changed the record; none before the first. */
    public Amended lastAmended() { return lastAmended; }
    public Instant recordedAt() { return recordedAt; }
    public Instant openedAt() { return openedAt; }
    public Instant closedAt() { return closedAt; }
    public Instant resolvedAt() { return resolvedAt; }
    public String engineerId() { return engineerId; }
    public String recordedBy() { return recordedBy; }
    public int cycle() { return cycle; }
    public List<String> assetCategories() { return assetCategories; }
    public Boolean callerVerified() { return callerVerified; }
    public List<ContractFlag> contractFlags() { return contractFlags; }
    public ContractOverride contractOverride() { return contractOverride; }
    public String duplicateOf() { return duplicateOf; }
    public String cancelReason() { return cancelReason; }
    /** Where the SLA clock stands once the ticket opened; none before. */
    public SlaClock.State slaClock() {
        return slaClock.started() ? slaClock.state() : null;
    }
    public Instant cancelledAt() { return cancelledAt; }

    /** Whether a new report about the same equipment should be linked to this ticket rather than dispatched. */
    public boolean stillOpenForDuplicates() {
        return status != TicketStatus.CLOSED && status != TicketStatus.CANCELLED && status != TicketStatus.LINKED;
    }

    /** What the call centre knows when it records a report. */
    record Recording(Channel channel, String customerId, String siteId, String areaCode, List<String> assetIds,
            List<String> assetCategories, String callId, Reporter reporter, FaultRecord fault, String recordedBy,
            Boolean callerVerified, List<ContractFlag> contractFlags, String duplicateOf, SlaPolicy.Terms slaTerms,
            AccessRules siteAccess, SiteLocation siteLocation) {

        Recording(Channel channel, String customerId, String siteId, String areaCode, List<String> assetIds,
                List<String> assetCategories, String callId, Reporter reporter, FaultRecord fault, String recordedBy,
                Boolean callerVerified, List<ContractFlag> contractFlags, String duplicateOf, SlaPolicy.Terms slaTerms,
                AccessRules siteAccess) {
            this(channel, customerId, siteId, areaCode, assetIds, assetCategories, callId, reporter, fault, recordedBy,
                    callerVerified, contractFlags, duplicateOf, slaTerms, siteAccess, null);
        }
    }

    /** A change to the record; null parts stay as recorded. */
    record Amendment(FaultRecord fault, String siteId, String areaCode, AccessRules siteAccess, List<String> assetIds,
            List<String> assetCategories, List<ContractFlag> contractFlags, SiteLocation siteLocation) {
    }

    /** Why a request falls outside the customer's contract. */
    public record ContractFlag(String code, String detail) {
    }

    public record ContractOverride(String reason, String agent, Instant at) {
    }

    public record Reporter(String name, String phone, String organization) {
    }

    /** Who last changed the record, when, and which parts (the 5W1H dimensions, {@code siteId}, {@code assetIds}). */
    public record Amended(String by, Instant at, List<String> changed) {
    }

    public record ReadBack(String confirmedBy, String summaryReadBack, String agent, Instant confirmedAt) {
    }
}
