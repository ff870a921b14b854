package io.yunwei.dispatch.assignment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import io.yunwei.chassis.idempotency.Answered;
import io.yunwei.chassis.idempotency.IdempotencyKey;
import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.outbox.OutboxDocument;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.RuleViolation;
import io.yunwei.dispatch.planner.Location;
import io.yunwei.dispatch.assignment.DispatchEvents.AcceptanceExpired;
import io.yunwei.dispatch.assignment.DispatchEvents.AppointmentBooked;
import io.yunwei.dispatch.assignment.DispatchEvents.AppointmentRescheduled;
import io.yunwei.dispatch.assignment.DispatchEvents.Contact;
import io.yunwei.dispatch.assignment.DispatchEvents.ContactAttempted;
import io.yunwei.dispatch.assignment.DispatchEvents.DispatchAccepted;
import io.yunwei.dispatch.assignment.DispatchEvents.DispatchAssigned;
import io.yunwei.dispatch.assignment.DispatchEvents.SiteAccess;
import io.yunwei.dispatch.assignment.DispatchEvents.DispatchDeclined;
import io.yunwei.dispatch.assignment.DispatchEvents.DispatchEscalated;
import io.yunwei.dispatch.assignment.DispatchEvents.DispatchReassigned;

/**
 * Everything dispatch knows and decided about one ticket: its dispatches in order, how many times in this cycle
 * an engineer refused it (declined, or let the acceptance window pass), and whether it waits for a dispatcher.
 */
@Document("ticket_dispatches")
@CompoundIndex(name = "engineer_status", def = "{'dispatches.engineerId': 1, 'dispatches.status': 1}")
@CompoundIndex(name = "status_accept_by", def = "{'dispatches.status': 1, 'dispatches.acceptBy': 1}")
@CompoundIndex(name = "escalation_board", def = "{'escalated': 1, 'escalatedAt': 1, '_id': 1}")
@CompoundIndex(name = "area_escalation_board", def = "{'escalated': 1, 'areaCode': 1, 'escalatedAt': 1, '_id': 1}")
@CompoundIndex(name = "on_site_since", def = "{'onSite.since': 1}", sparse = true)
public class TicketDispatch extends OutboxDocument {

    static final int KEPT_ANSWERS = 50;

    /** The ticket a dispatch belongs to, read from the dispatch's id ({@code <ticket id>-D<n>}). */
    static String ticketOf(String dispatchId) {
        return ChildIds.parentOf(dispatchId, 'D', Dispatch.class);
    }

    private String customerId;
    private String siteId;
    private SiteAccess siteAccess;
    private Location siteLocation;
    private String areaCode;
    private List<String> assetCategories = List.of();
    private String priority;
    private Instant arrivalDue;
    private String previousEngineerId;
    private int cycle;
    private int failures;
    private boolean escalated;
    private String escalationReason;
    private Instant escalatedAt;
    private Instant cancelledAt;
    private List<Dispatch> dispatches = new ArrayList<>();
    /** The visit under way, from the engineer's check-in to the visit's end; null when nobody is on site. */
    private OnSite onSite;
    /** The first answers to requests sent with an {@code Idempotency-Key}, oldest first. */
    private List<Answered> answered = new ArrayList<>();

    protected TicketDispatch() {
    }

    TicketDispatch(String ticketId) {
        super(ticketId);
    }

    /**
     * The ticket opened, or reopened for {@code cycle}. Answers false, changing nothing, when that is no longer news:
     * the file has seen this cycle or a later one, or the ticket was cancelled (an opening re-driven late).
     */
    boolean ticketNeedsEngineer(String customerId, String siteId, String areaCode, List<String> assetCategories,
            String priority, Instant arrivalDue, int cycle, String previousEngineerId, SiteAccess siteAccess,
            Location siteLocation) {
        if (cycle <= this.cycle || cancelledAt != null) {
            return false;
        }
        this.siteLocation = siteLocation;
        this.customerId = customerId;
        this.siteAccess = siteAccess;
        this.siteId = siteId;
        this.areaCode = areaCode;
        this.assetCategories = assetCategories == null ? List.of() : List.copyOf(assetCategories);
        this.priority = priority;
        this.arrivalDue = arrivalDue;
        this.cycle = cycle;
        this.failures = 0;
        this.previousEngineerId = previousEngineerId != null ? previousEngineerId : lastEngineer().orElse(null);
        return true;
    }

    /** The id the next dispatch of this ticket will have; stable across retries of the same decision. */
    String nextDispatchId() {
        return ChildIds.of(id, 'D', dispatches.size() + 1);
    }

    /** Gives the ticket to an engineer; {@code replaced} is the dispatch it takes over from, if any. */
    Dispatch assign(String engineerId, String engineerName, String reservation, Explanation explanation, Instant now,
            Instant acceptBy, Replacement replaced) {
        Dispatch dispatch = new Dispatch(nextDispatchId(), engineerId, DispatchStatus.ASSIGNED, cycle, explanation, now,
                null, null, acceptBy, null, List.of(), List.of(), reservation);
        dispatches.add(dispatch);
        escalated = false;
        escalationReason = null;
        escalatedAt = null;
        if (replaced != null) {
            raise(DispatchEvents.REASSIGNED, new DispatchReassigned(id, dispatch.id(), engineerId, engineerName,
                    replaced.dispatch().id(), replaced.dispatch().engineerId(), replaced.cause(), replaced.reason(),
                    replaced.by(), now), now);
        }
        raise(DispatchEvents.ASSIGNED, new DispatchAssigned(id, dispatch.id(), engineerId, engineerName, customerId,
                siteId, cycle, explanation.reason(), now, acceptBy, priority, siteAccess), now);
        return dispatch;
    }

    void escalate(String reason, Instant now) {
        escalated = true;
        escalationReason = reason;
        escalatedAt = now;
        raise(DispatchEvents.ESCALATED, new DispatchEscalated(id, reason, now, failures,
                dispatches.isEmpty() ? null : dispatches.getLast().id()), now);
    }

    Dispatch accept(String dispatchId, Instant now) {
        Dispatch accepted = move(dispatchId, DispatchStatus.ACCEPTED, now, null);
        raise(DispatchEvents.ACCEPTED, new DispatchAccepted(id, dispatchId, accepted.engineerId(), now), now);
        return accepted;
    }

    Dispatch decline(String dispatchId, String reason, Instant now) {
        Dispatch declined = move(dispatchId, DispatchStatus.DECLINED, now, reason);
        failures++;
        raise(DispatchEvents.DECLINED, new DispatchDeclined(id, dispatchId, declined.engineerId(), reason, failures, now),
                now);
        return declined;
    }

    /** Ends a dispatch nobody accepted in time; empty when it was answered or ended meanwhile. */
    Optional<Dispatch> expire(String dispatchId, Instant now) {
        return dispatch(dispatchId).filter(d -> d.status() == DispatchStatus.ASSIGNED && d.acceptBy() != null
                && !d.acceptBy().isAfter(now)).map(d -> {
                    Dispatch expired = move(dispatchId, DispatchStatus.EXPIRED, now, "not accepted by " + d.acceptBy());
                    failures++;
                    raise(DispatchEvents.EXPIRED, new AcceptanceExpired(id, dispatchId, d.engineerId(), d.acceptBy(),
                            failures, now), now);
                    return expired;
                });
    }

    /** A dispatcher takes the ticket away from the dispatch's engineer; refusal does not count against anyone. */
    Dispatch withdraw(String dispatchId, String reason, Instant now) {
        Dispatch dispatch = dispatch(dispatchId).orElseThrow();
        if (!dispatch.status().holdsCapacity() && !(escalated && dispatch.equals(dispatches.getLast()))) {
            throw new RuleViolation("NOT_REASSIGNABLE", "Dispatch " + dispatchId + " is " + dispatch.status()
                    + " and no longer carries the ticket; reassign its latest dispatch.")
                    .with("currentStatus", dispatch.status()).with("latestDispatchId", dispatches.getLast().id());
        }
        if (!dispatch.status().holdsCapacity()) {
            return dispatch;
        }
        return move(dispatchId, DispatchStatus.REASSIGNED, now, reason);
    }

    /** The dispatch's engineer checked in on site at {@code since}; a check-in for an ended dispatch changes nothing. */
    void checkedIn(String dispatchId, Instant since) {
        dispatch(dispatchId).filter(d -> d.status().holdsCapacity())
                .ifPresent(d -> onSite = new OnSite(dispatchId, d.engineerId(), since, null));
    }

    /** The dispatch's visit ended (done, or a revisit follows): its engineer is no longer on site. */
    void visitEnded(String dispatchId) {
        if (onSite != null && onSite.dispatchId().equals(dispatchId)) {
            onSite = null;
        }
    }

    /** The visit of this dispatch is over; returns the dispatch whose capacity can be given back. */
    Optional<Dispatch> finish(String dispatchId, Instant now) {
        return dispatch(dispatchId).filter(d -> d.status().holdsCapacity())
                .map(d -> replace(d.ended(DispatchStatus.COMPLETED, now, null)));
    }

    /** The ticket was cancelled: every dispatch still carrying it ends; returns them so capacity comes back. */
    List<Dispatch> cancel(Instant now) {
        cancelledAt = now;
        List<Dispatch> ended = new ArrayList<>();
        for (Dispatch d : List.copyOf(dispatches)) {
            if (d.status().holdsCapacity()) {
                ended.add(replace(d.ended(DispatchStatus.CANCELLED, now, "ticket cancelled")));
            }
        }
        escalated = false;
        onSite = null;
        return ended;
    }

    ContactAttempt attemptContact(String dispatchId, Instant at, String outcome, String note, Instant now) {
        Dispatch dispatch = working(dispatchId, "log a contact attempt on");
        ContactAttempt attempt = new ContactAttempt(dispatch.contactAttempts().size() + 1, at, outcome, note, now);
        List<ContactAttempt> attempts = new ArrayList<>(dispatch.contactAttempts());
        attempts.add(attempt);
        replace(dispatch.with(attempts, dispatch.appointments(), dispatch.status()));
        raise(DispatchEvents.CONTACT_ATTEMPTED, new ContactAttempted(id, dispatchId, dispatch.engineerId(),
                attempt.number(), at, outcome, note), now);
        return attempt;
    }

    /**
     * Books the visit's window, or moves it (the earlier windows stay in the history). A window must end by the
     * SLA arrival target unless the customer asked for later, which is recorded as the customer's choice.
     */
    Dispatch book(String dispatchId, Appointment request, Instant now) {
        Appointment requested = request.bookedAt(now);
        Dispatch dispatch = working(dispatchId, "book an appointment for");
        if (dispatch.status() == DispatchStatus.ASSIGNED) {
            throw new RuleViolation("ILLEGAL_TRANSITION",
                    "Dispatch " + dispatchId + " must be accepted before an appointment is booked.")
                    .with("currentStatus", dispatch.status()).with("allowedNext", dispatch.status().next());
        }
        if (!requested.windowEnd().isAfter(requested.windowStart())) {
            throw new RuleViolation("APPOINTMENT_WINDOW_INVERTED", "The window must end after it starts.");
        }
        if (!requested.windowStart().isAfter(now)) {
            throw new RuleViolation("APPOINTMENT_IN_THE_PAST", "The window must start in the future.");
        }
        if (arrivalDue != null && requested.windowEnd().isAfter(arrivalDue) && !requested.customerRequestedLater()) {
            throw new RuleViolation("APPOINTMENT_AFTER_ARRIVAL_TARGET", "The window ends after the SLA "
                    + "arrival target " + arrivalDue + "; offer an earlier window, or record that the customer asked "
                    + "for later (customerRequestedLater).").with("arrivalDue", arrivalDue);
        }
        List<Appointment> history = new ArrayList<>(dispatch.appointments());
        Appointment previous = history.isEmpty() ? null : history.getLast();
        history.add(requested);
        Dispatch booked = replace(dispatch.with(dispatch.contactAttempts(), history, DispatchStatus.SCHEDULED));
        Contact contact = new Contact(requested.contactName(), requested.contactPhone());
        if (previous == null) {
            raise(DispatchEvents.APPOINTMENT_BOOKED, new AppointmentBooked(id, dispatchId, dispatch.engineerId(),
                    requested.windowStart(), requested.windowEnd(), contact, requested.preNotice(),
                    requested.customerRequestedLater(), arrivalDue, now), now);
        } else {
            raise(DispatchEvents.APPOINTMENT_RESCHEDULED, new AppointmentRescheduled(id, dispatchId,
                    dispatch.engineerId(), requested.windowStart(), requested.windowEnd(), contact,
                    requested.preNotice(), requested.customerRequestedLater(), arrivalDue, previous.windowStart(),
                    previous.windowEnd(), history.size(), now), now);
        }
        return booked;
    }

    private Dispatch working(String dispatchId, String what) {
        Dispatch dispatch = dispatch(dispatchId).orElseThrow();
        if (!dispatch.status().holdsCapacity()) {
            throw new RuleViolation("ILLEGAL_TRANSITION",
                    "Dispatch " + dispatchId + " is " + dispatch.status() + "; cannot " + what + " it.")
                    .with("currentStatus", dispatch.status()).with("allowedNext", dispatch.status().next());
        }
        return dispatch;
    }

    private Dispatch move(String dispatchId, DispatchStatus next, Instant now, String reason) {
        Dispatch dispatch = dispatch(dispatchId).orElseThrow();
        if (!dispatch.status().next().contains(next)) {
            throw new RuleViolation("ILLEGAL_TRANSITION", "Dispatch " + dispatchId + " is "
                    + dispatch.status() + " and cannot become " + next + ".")
                    .with("currentStatus", dispatch.status()).with("allowedNext", dispatch.status().next());
        }
        return replace(dispatch.ended(next, now, reason));
    }

    /** The answer to an earlier request under this {@code Idempotency-Key} ({@link Answered#find}). */
    Optional<Answered> answered(IdempotencyKey key) {
        return Answered.find(answered, key);
    }

    /** Keeps a request's answer in the same write as what it changed; only the newest are kept. */
    void remember(IdempotencyKey key, int status, String body, Instant at) {
        Answered.remember(answered, key, status, null, body, at, KEPT_ANSWERS);
    }

    Optional<Dispatch> dispatch(String dispatchId) {
        return dispatches.stream().filter(d -> d.id().equals(dispatchId)).findFirst();
    }

    private Dispatch replace(Dispatch dispatch) {
        dispatches.replaceAll(d -> d.id().equals(dispatch.id()) ? dispatch : d);
        return dispatch;
    }

    Optional<String> lastEngineer() {
        return dispatches.isEmpty() ? Optional.empty() : Optional.of(dispatches.getLast().engineerId());
    }

    /** Engineers who already refused the ticket in this cycle, or carry it now: the next candidate is someone else. */
    /** Engineers who declined the ticket or let its acceptance window pass in this cycle (not the one holding it). */
    Set<String> refusedThisCycle() {
        Set<String> refused = new LinkedHashSet<>();
        dispatches.stream().filter(d -> d.cycle() == cycle)
                .filter(d -> d.status() == DispatchStatus.DECLINED || d.status() == DispatchStatus.EXPIRED)
                .forEach(d -> refused.add(d.engineerId()));
        return refused;
    }

    Set<String> triedThisCycle() {
        Set<String> tried = new LinkedHashSet<>();
        dispatches.stream().filter(d -> d.cycle() == cycle)
                .filter(d -> d.status() == DispatchStatus.DECLINED || d.status() == DispatchStatus.EXPIRED
                        || d.status().holdsCapacity())
                .forEach(d -> tried.add(d.engineerId()));
        return tried;
    }

    public String areaCode() { return areaCode; }
    public Location siteLocation() { return siteLocation; }
    public String customerId() { return customerId; }
    public boolean cancelled() { return cancelledAt != null; }
    public List<String> assetCategories() { return assetCategories; }
    public String priority() { return priority; }
    public Instant arrivalDue() { return arrivalDue; }
    public String previousEngineerId() { return previousEngineerId; }
    public int failures() { return failures; }
    public int cycle() { return cycle; }
    public boolean escalated() { return escalated; }
    public String escalationReason() { return escalationReason; }
    public Instant escalatedAt() { return escalatedAt; }
    public List<Dispatch> dispatches() { return List.copyOf(dispatches); }
    public Optional<OnSite> onSite() { return Optional.ofNullable(onSite); }

    /**
     * An engineer on site for a dispatch since {@code since}; {@code overrunNoticedAt}: when the planner saw the
     * visit run past its planned end and replanned the engineer's later work (once per visit).
     */
    public record OnSite(String dispatchId, String engineerId, Instant since, Instant overrunNoticedAt) {
    }

    /** Why a new dispatch replaces an earlier one: {@code cause} as in {@code dispatch.reassigned.v1}. */
    record Replacement(Dispatch dispatch, String cause, String reason, String by) {
    }

    /**
     * One engineer's turn with the ticket. {@code acceptBy}: end of the acceptance window; {@code endReason}: why
     * it was declined, expired or withdrawn; {@code appointments}: every window booked, the last one current;
     * {@code reservation}: the token in the engineer's {@code active} list, unique to the attempt that took it.
     */
    public record Dispatch(String id, String engineerId, DispatchStatus status, int cycle, Explanation explanation,
            Instant assignedAt, Instant acceptedAt, Instant finishedAt, Instant acceptBy, String endReason,
            List<ContactAttempt> contactAttempts, List<Appointment> appointments, String reservation) {

        public Dispatch {
            contactAttempts = contactAttempts == null ? List.of() : List.copyOf(contactAttempts);
            appointments = appointments == null ? List.of() : List.copyOf(appointments);
        }

        /** Engineers work only on their own dispatches; the desk's roles on any. */
        boolean mayBeWorkedBy(Actor actor) {
            return !actor.hasRole("ENGINEER") || engineerId.equals(actor.engineerId());
        }

        /** The token holding the engineer's unit of capacity (older dispatches used their own id). */
        String capacityToken() {
            return reservation != null ? reservation : id;
        }

        Dispatch ended(DispatchStatus next, Instant now, String reason) {
            return new Dispatch(id, engineerId, next, cycle, explanation, assignedAt,
                    next == DispatchStatus.ACCEPTED ? now : acceptedAt,
                    next.holdsCapacity() ? finishedAt : now, acceptBy, reason == null ? endReason : reason,
                    contactAttempts, appointments, reservation);
        }

        Dispatch with(List<ContactAttempt> attempts, List<Appointment> booked, DispatchStatus next) {
            return new Dispatch(id, engineerId, next, cycle, explanation, assignedAt, acceptedAt, finishedAt, acceptBy,
                    endReason, attempts, booked, reservation);
        }
    }

    public record ContactAttempt(int number, Instant at, String outcome, String note, Instant loggedAt) {
    }

    public record Appointment(Instant windowStart, Instant windowEnd, String contactName, String contactPhone,
            String preNotice, boolean customerRequestedLater, String bookedBy, Instant bookedAt) {

        Appointment bookedAt(Instant now) {
            return new Appointment(windowStart, windowEnd, contactName, contactPhone, preNotice, customerRequestedLater,
                    bookedBy, now);
        }
    }

    public enum DispatchStatus {
        ASSIGNED, ACCEPTED, SCHEDULED, DECLINED, EXPIRED, REASSIGNED, COMPLETED, CANCELLED;

        boolean holdsCapacity() {
            return this == ASSIGNED || this == ACCEPTED || this == SCHEDULED;
        }

        List<DispatchStatus> next() {
            return switch (this) {
                case ASSIGNED -> List.of(ACCEPTED, DECLINED, EXPIRED, REASSIGNED, COMPLETED, CANCELLED);
                case ACCEPTED -> List.of(SCHEDULED, REASSIGNED, COMPLETED, CANCELLED);
                case SCHEDULED -> List.of(SCHEDULED, REASSIGNED, COMPLETED, CANCELLED);
                case DECLINED, EXPIRED, REASSIGNED, COMPLETED, CANCELLED -> List.of();
            };
        }
    }
}
