package io.yunwei.intake.ticket;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.courtesy.CourtesyChecker;
import io.yunwei.chassis.courtesy.CourtesyFinding;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.security.Actor;
import io.yunwei.intake.customer.Customer;
import io.yunwei.intake.ticket.FaultRecord.Completeness;
import io.yunwei.intake.ticket.TicketRequests.Draft;

/**
 * What recording a draft would say, without recording it: the completeness by the rule a recorded ticket is scored
 * with, the courtesy findings in its texts, and the open tickets it likely repeats. Those about one of its assets are
 * the ones recording would link it to (unless it is an engineer's inspection finding, which is never linked); those
 * at its site, or of its customer, are for the agent to judge.
 */
@Component
class TicketAssessment {

    /** How many likely duplicates an assessment names at most. */
    static final int MOST_DUPLICATES = 5;

    /** The statuses of a ticket a new report may repeat: recording links only to these. */
    private static final Set<TicketStatus> OPEN = EnumSet.complementOf(
            EnumSet.of(TicketStatus.CLOSED, TicketStatus.CANCELLED, TicketStatus.LINKED));

    private final OpenTicketsByAsset claims;
    private final DocumentStore store;
    private final MongoTemplate mongo;
    private final TicketSearch search;
    private final CourtesyChecker courtesy;

    TicketAssessment(OpenTicketsByAsset claims, DocumentStore store, MongoTemplate mongo, TicketSearch search,
            CourtesyChecker courtesy) {
        this.claims = claims;
        this.store = store;
        this.mongo = mongo;
        this.search = search;
        this.courtesy = courtesy;
    }

    /** The findings of one text of the draft, by the request field it was given in. */
    record FieldFindings(String field, List<CourtesyFinding> findings) {
    }

    /** Why an open ticket is named as one the draft may repeat. */
    enum Likeness {
        SAME_ASSET, SAME_SITE, SAME_CUSTOMER
    }

    /** An open ticket the draft may repeat; {@code linksTo} when recording the draft would link it to this one. */
    record LikelyDuplicate(String ticketId, String number, TicketStatus status, String symptom, java.time.Instant recordedAt,
            Likeness likeness, String assetId, boolean linksTo) {
    }

    record Assessment(Completeness completeness, List<FieldFindings> courtesy, List<LikelyDuplicate> duplicates) {
    }

    Assessment assess(Draft draft, Actor actor) {
        String customerId = draft.customerId();
        if (actor.hasRole("CUSTOMER")) {
            if (customerId != null && !customerId.equals(actor.customerId())) {
                throw new DocumentNotFoundException(Customer.class, customerId);
            }
            customerId = actor.customerId();
        }
        FaultRecord fault = draft.fault();
        return new Assessment(fault.completeness(), findings(fault, draft.locale()),
                duplicates(customerId, draft.siteId(), draft.assetIds() == null ? List.of() : draft.assetIds(),
                        draft.channel() != Channel.INSPECTION, actor));
    }

    private List<FieldFindings> findings(FaultRecord fault, String language) {
        Locale locale = language == null ? null : Locale.forLanguageTag(language);
        Map<String, String> texts = new LinkedHashMap<>();
        if (fault.who() != null) {
            texts.put("who.affectedUsers", fault.who().affectedUsers());
        }
        if (fault.where() != null) {
            texts.put("where.location", fault.where().location());
        }
        if (fault.what() != null) {
            texts.put("what.symptom", fault.what().symptom());
        }
        if (fault.why() != null) {
            texts.put("why.suspectedCause", fault.why().suspectedCause());
        }
        if (fault.how() != null) {
            texts.put("how.discoveredHow", fault.how().discoveredHow());
        }
        List<FieldFindings> found = new ArrayList<>();
        texts.forEach((field, text) -> {
            if (text != null && !text.isBlank()) {
                List<CourtesyFinding> findings = courtesy.check(text, locale);
                if (!findings.isEmpty()) {
                    found.add(new FieldFindings(field, findings));
                }
            }
        });
        return found;
    }

    /**
     * The open tickets of the draft's assets first (each asset's claim names the one recording would link to), then
     * the newest open ones at its site, or of its customer when it names no site; only those the caller may see.
     */
    private List<LikelyDuplicate> duplicates(String customerId, String siteId, List<String> assetIds, boolean linked,
            Actor actor) {
        Map<String, LikelyDuplicate> found = new LinkedHashMap<>();
        for (String assetId : assetIds) {
            claims.openTicketOf(assetId).flatMap(id -> store.find(Ticket.class, id))
                    .filter(Ticket::stillOpenForDuplicates)
                    .filter(ticket -> customerId == null || customerId.equals(ticket.customerId()))
                    .filter(ticket -> TicketService.visibleTo(ticket, actor))
                    .ifPresent(ticket -> found.putIfAbsent(ticket.id(),
                            duplicate(ticket, Likeness.SAME_ASSET, assetId, linked)));
        }
        if (customerId != null && found.size() < MOST_DUPLICATES) {
            TicketSearch.Hits hits = search.search(new TicketSearch.Query(null, OPEN, customerId, siteId, null, null,
                    null, null, null, null, null, TicketSearch.Order.RECORDED_AT, true, 0, MOST_DUPLICATES, null,
                    Set.of(), null), actor);
            if (!hits.ids().isEmpty()) {
                Map<String, Ticket> tickets = new LinkedHashMap<>();
                mongo.find(new Query(where("_id").in(hits.ids())), Ticket.class).forEach(t -> tickets.put(t.id(), t));
                Likeness likeness = siteId == null ? Likeness.SAME_CUSTOMER : Likeness.SAME_SITE;
                hits.ids().stream().map(tickets::get)
                        .filter(ticket -> ticket != null && ticket.stillOpenForDuplicates()
                                && TicketService.visibleTo(ticket, actor))
                        .forEach(ticket -> found.putIfAbsent(ticket.id(), duplicate(ticket, likeness, null, false)));
            }
        }
        return found.values().stream().limit(MOST_DUPLICATES).toList();
    }

    private static LikelyDuplicate duplicate(Ticket ticket, Likeness likeness, String assetId, boolean linksTo) {
        FaultRecord.What what = ticket.fault().what();
        return new LikelyDuplicate(ticket.id(), ticket.number(), ticket.status(), what == null ? null : what.symptom(),
                ticket.recordedAt(), likeness, assetId, linksTo);
    }
}
