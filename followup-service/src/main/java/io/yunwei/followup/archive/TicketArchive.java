package io.yunwei.followup.archive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.data.mongodb.core.mapping.Document;

import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.OutboxDocument;
import io.yunwei.chassis.outbox.OutboxDocument.Position;
import io.yunwei.followup.ticket.FollowupEvents.ProgressReport;
import io.yunwei.followup.supervisor.ClosureReport;
import tools.jackson.databind.JsonNode;

/**
 * Everything follow-up learned about one ticket, from every topic: the raw material of its incident report.
 * It only listens; it never raises events (follow-up's events about a ticket all come from its follow-up
 * document, so they share one sequence). Fields an event does not carry leave what is known unchanged.
 */
@Document("ticket_archives")
class TicketArchive extends OutboxDocument {

    private String number;
    private String channel;
    private String customerId;
    private String siteId;
    private String areaCode;
    private List<String> assetIds = new ArrayList<>();
    private String priority;
    private String status;
    private FaultFacts fault = FaultFacts.EMPTY;
    private List<Assignment> assignments = new ArrayList<>();
    private List<VisitEntry> visits = new ArrayList<>();
    private Diagnosis diagnosis;
    private List<Decision> decisions = new ArrayList<>();
    private List<String> offeredOptions = new ArrayList<>();
    private String recommendedOption;
    private Resolution resolution;
    private List<InspectionItem> inspection = new ArrayList<>();
    private Evaluation evaluation;
    private List<Closure> closures = new ArrayList<>();
    /** The latest resolution cycle the archive has heard of, by a closure or a reopening. */
    private int cycle;
    private List<TimelineEntry> timeline = new ArrayList<>();

    protected TicketArchive() {
    }

    TicketArchive(String ticketId) {
        super(ticketId);
    }

    /**
     * Adds an event to the history. One re-driven after later events of its topic overtook it adds to what is known
     * only what they did not say, and takes its place in the history by the time it happened.
     */
    void record(InboundEvent event, JsonNode data) {
        Facts known = positionOf(event) == Position.LATE ? facts() : null;
        Payload p = new Payload(data);
        number = p.text(number, "number");
        channel = p.text(channel, "channel");
        customerId = p.text(customerId, "customerId");
        siteId = p.text(siteId, "siteId");
        areaCode = p.text(areaCode, "areaCode");
        priority = p.text(priority, "priority");
        List<String> assets = p.texts("assetIds");
        if (!assets.isEmpty()) {
            assetIds = assets;
        }
        if (event.type().startsWith("ticket.")) {
            fault = fault.with(p);
        }
        switch (event.type()) {
            case "ticket.status-changed.v1" -> status = p.text(status, "to");
            case "ticket.closed.v1" -> {
                status = "CLOSED";
                int closed = p.number("cycle", 1);
                cycle = Math.max(cycle, closed);
                if (closures.stream().noneMatch(c -> c.cycle() == closed)) {
                    closures.add(new Closure(closed, p.text(null, "engineerId"), p.instant("closedAt", event.time())));
                    closures.sort(Comparator.comparing(Closure::cycle));
                }
            }
            case "ticket.reopened.v1" -> {
                status = "REOPENED";
                cycle = Math.max(cycle, p.number("cycle", cycle));
            }
            case "dispatch.assigned.v1", "dispatch.reassigned.v1" -> inPlace(assignments, new Assignment(
                    p.text(null, "dispatchId"), p.text(null, "engineerId"), p.text(null, "engineerName"),
                    p.text(null, "reason"), p.instant("assignedAt", event.time())), Assignment::at);
            default -> {
                // the other events only add what they carry below
            }
        }
        if (event.topic().startsWith("field.")) {
            fieldWork(event, p);
        }
        if (known != null) {
            keep(known);
        }
        inPlace(timeline, new TimelineEntry(event.type(), event.source(), event.time()), TimelineEntry::at);
    }

    private Facts facts() {
        return new Facts(number, channel, customerId, siteId, areaCode, assetIds, priority, status, fault, diagnosis,
                offeredOptions, recommendedOption, resolution, inspection, evaluation);
    }

    /** Puts back what was known before a late event: it only fills in what was not. */
    private void keep(Facts known) {
        number = known(known.number(), number);
        channel = known(known.channel(), channel);
        customerId = known(known.customerId(), customerId);
        siteId = known(known.siteId(), siteId);
        areaCode = known(known.areaCode(), areaCode);
        assetIds = known(known.assetIds(), assetIds);
        priority = known(known.priority(), priority);
        status = known(known.status(), status);
        fault = known.fault().equals(FaultFacts.EMPTY) ? fault : known.fault();
        diagnosis = known(known.diagnosis(), diagnosis);
        offeredOptions = known(known.offeredOptions(), offeredOptions);
        recommendedOption = known(known.recommendedOption(), recommendedOption);
        resolution = known(known.resolution(), resolution);
        inspection = known(known.inspection(), inspection);
        evaluation = known(known.evaluation(), evaluation);
    }

    private static <T> T known(T before, T after) {
        return before == null || before instanceof List<?> list && list.isEmpty() ? after : before;
    }

    /** Adds an entry after every one that happened no later, so an entry that arrives late takes its place. */
    private static <T> void inPlace(List<T> entries, T entry, Function<T, Instant> at) {
        Instant time = at.apply(entry);
        int place = entries.size();
        while (time != null && place > 0 && at.apply(entries.get(place - 1)) != null
                && at.apply(entries.get(place - 1)).isAfter(time)) {
            place--;
        }
        entries.add(place, entry);
    }

    /** Field events may carry the visit's findings flat or grouped; either way they land in the archive. */
    private void fieldWork(InboundEvent event, Payload p) {
        String visitId = p.text(null, "visitId");
        if (visitId != null) {
            VisitEntry known = visits.stream().filter(v -> visitId.equals(v.visitId())).findFirst()
                    .orElse(new VisitEntry(visitId, null, null, null, null, null));
            VisitEntry updated = new VisitEntry(visitId, p.text(known.engineerId(), "engineerId"),
                    event.type().equals("visit.checked-in.v1") ? p.instant("checkedInAt", event.time()) : known.checkedInAt(),
                    event.type().equals("visit.completed.v1") ? p.instant("completedAt", event.time()) : known.completedAt(),
                    p.text(known.outcome(), "outcome"), p.text(known.nextVisitReason(), "nextVisitReason"));
            int place = visits.indexOf(known);
            if (place < 0) {
                visits.add(updated);
            } else {
                visits.set(place, updated);
            }
        }
        Payload d = p.child("diagnosis");
        if (p.has("causeExplained") || p.has("symptomRestated") || d.has("causeExplained") || d.has("symptomRestated")) {
            diagnosis = new Diagnosis(p.text(d.text(null, "symptomRestated"), "symptomRestated"),
                    p.text(d.text(null, "causeExplained"), "causeExplained"));
        }
        Payload r = p.child("resolution");
        if (p.has("solution") || r.has("solution")) {
            resolution = new Resolution(p.text(r.text(null, "solution"), "solution"),
                    p.text(r.text(null, "emergencyHandling"), "emergencyHandling"),
                    p.text(r.text(null, "maintenanceAdvice"), "maintenanceAdvice"));
        }
        // the options come with the request for a decision, the choice with the customer's answer
        List<String> options = p.texts("options", "title");
        if (!options.isEmpty()) {
            offeredOptions = options;
            recommendedOption = p.text(null, "recommended");
        }
        if (p.has("chosen")) {
            decided(new Decision(offeredOptions, p.text(recommendedOption, "recommended"), p.text(null, "chosen"),
                    p.text(null, "decidedBy"), p.instant("decidedAt", event.time())));
        }
        // a completed visit repeats its options and decision, which fills in what a lost or late event left out
        Payload c = p.child("decision");
        List<String> offered = c.texts("options", "title");
        if (!offered.isEmpty()) {
            offeredOptions = offered;
            recommendedOption = c.text(recommendedOption, "recommended");
        }
        if (c.has("chosen")) {
            decided(new Decision(offeredOptions, c.text(recommendedOption, "recommended"), c.text(null, "chosen"),
                    c.text(null, "decidedBy"), c.instant("decidedAt", event.time())));
        }
        List<Payload> items = p.children("items");
        items.addAll(p.child("inspection").children("items"));
        items.addAll(p.children("assets"));
        if (!items.isEmpty()) {
            inspection = items.stream().map(i -> new InspectionItem(i.text(null, "assetId"), i.text(null, "status"),
                    i.text(null, "note"))).toList();
        }
        Payload e = p.child("evaluation");
        if (e.has("score")) {
            evaluation = new Evaluation(e.number("score", 0), e.text(null, "comment"), p.text(null, "signerName"));
        }
    }

    /**
     * The closure of {@code cycle} as its supervisor is told it: the visits and decisions since the previous
     * closure are the engineer's progress reports, and the last completed visit (the engineer's summary, with the
     * signed form) gives the outcome and when the summary was submitted.
     */
    Optional<ClosureReport> closureReport(int cycle) {
        Optional<Closure> closure = closures.stream().filter(c -> c.cycle() == cycle).findFirst();
        if (closure.isEmpty() || cycle < this.cycle) {
            // a closure the ticket's reopening has overtaken no longer stands: nobody is told of it any more
            return Optional.empty();
        }
        Instant after = closures.stream().filter(c -> c.cycle() < cycle && c.closedAt() != null).map(Closure::closedAt)
                .max(Comparator.naturalOrder()).orElse(Instant.MIN);
        List<ProgressReport> reports = new ArrayList<>();
        for (VisitEntry visit : visits) {
            if (visit.checkedInAt() != null && visit.checkedInAt().isAfter(after)) {
                reports.add(new ProgressReport("CHECKED_IN", visit.visitId(), visit.checkedInAt(), visit.engineerId()));
            }
            if (visit.completedAt() != null && visit.completedAt().isAfter(after)) {
                reports.add(new ProgressReport("COMPLETED", visit.visitId(), visit.completedAt(),
                        visit.nextVisitReason() == null ? visit.outcome() : visit.outcome() + ": " + visit.nextVisitReason()));
            }
        }
        decisions.stream().filter(d -> d.at() != null && d.at().isAfter(after)).forEach(d -> reports.add(
                new ProgressReport("CUSTOMER_DECIDED", null, d.at(), d.chosen() + (d.decidedBy() == null ? "" : " (" + d.decidedBy() + ")"))));
        reports.sort(Comparator.comparing(ProgressReport::at));
        Optional<VisitEntry> summary = visits.stream().filter(v -> v.completedAt() != null && v.completedAt().isAfter(after))
                .max(Comparator.comparing(VisitEntry::completedAt));
        return Optional.of(new ClosureReport(id, number, customerId, areaCode, cycle,
                summary.map(VisitEntry::outcome).orElse("CLOSED"), closure.get().engineerId(), reports,
                summary.map(VisitEntry::completedAt).orElse(null), closure.get().closedAt()));
    }

    /** The same decision announced twice (recorded, then repeated by the completed visit) is kept once. */
    private void decided(Decision decision) {
        boolean known = decisions.stream().anyMatch(d -> Objects.equals(d.chosen(), decision.chosen())
                && Objects.equals(d.at(), decision.at()));
        if (!known) {
            inPlace(decisions, decision, Decision::at);
        }
    }

    String customerId() { return customerId; }
    String areaCode() { return areaCode; }
    String number() { return number; }
    String channel() { return channel; }
    String siteId() { return siteId; }
    List<String> assetIds() { return assetIds; }
    String priority() { return priority; }
    String status() { return status; }
    FaultFacts fault() { return fault; }
    List<Assignment> assignments() { return assignments; }
    List<VisitEntry> visits() { return visits; }
    Diagnosis diagnosis() { return diagnosis; }
    List<Decision> decisions() { return decisions; }
    Resolution resolution() { return resolution; }
    List<InspectionItem> inspection() { return inspection; }
    Evaluation evaluation() { return evaluation; }
    List<Closure> closures() { return closures; }
    List<TimelineEntry> timeline() { return timeline; }

    /** The 5W1H record as intake published it. */
    record FaultFacts(Instant occurredAt, String reportedBy, String affectedUsers, String location, String symptom,
            List<String> errorMessages, String suspectedCause, String discoveredHow, String impact, String urgency) {

        static final FaultFacts EMPTY = new FaultFacts(null, null, null, null, null, List.of(), null, null, null, null);

        FaultFacts with(Payload p) {
            Payload who = p.child("who");
            Payload what = p.child("what");
            Payload how = p.child("how");
            List<String> errors = what.texts("errorMessages");
            return new FaultFacts(p.child("when").instant("occurredAt", occurredAt),
                    who.text(reportedBy, "reportedBy"), who.text(affectedUsers, "affectedUsers"),
                    p.child("where").text(p.text(location, "location"), "location"),
                    what.text(p.text(symptom, "symptom"), "symptom"), errors.isEmpty() ? errorMessages : errors,
                    p.child("why").text(suspectedCause, "suspectedCause"), how.text(discoveredHow, "discoveredHow"),
                    how.text(impact, "impact"), how.text(urgency, "urgency"));
        }
    }

    record Assignment(String dispatchId, String engineerId, String engineerName, String reason, Instant at) {
    }

    record VisitEntry(String visitId, String engineerId, Instant checkedInAt, Instant completedAt, String outcome,
            String nextVisitReason) {
    }

    record Diagnosis(String symptomRestated, String causeExplained) {
    }

    record Decision(List<String> options, String recommended, String chosen, String decidedBy, Instant at) {
    }

    record Resolution(String solution, String emergencyHandling, String maintenanceAdvice) {
    }

    record InspectionItem(String assetId, String status, String note) {
    }

    record Evaluation(int score, String comment, String signerName) {
    }

    record Closure(int cycle, String engineerId, Instant closedAt) {
    }

    /** What the archive knows of the ticket, as opposed to its history. */
    private record Facts(String number, String channel, String customerId, String siteId, String areaCode,
            List<String> assetIds, String priority, String status, FaultFacts fault, Diagnosis diagnosis,
            List<String> offeredOptions, String recommendedOption, Resolution resolution,
            List<InspectionItem> inspection, Evaluation evaluation) {
    }

    record TimelineEntry(String type, String source, Instant at) {
    }
}
