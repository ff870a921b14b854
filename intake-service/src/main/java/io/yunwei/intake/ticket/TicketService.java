package io.yunwei.intake.ticket;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.outbox.OutboxDocument.Position;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.chassis.web.IfMatch;
import io.yunwei.intake.call.CallLog;
import io.yunwei.intake.customer.Asset;
import io.yunwei.intake.customer.Customer.Site;
import io.yunwei.intake.customer.Customer;
import io.yunwei.intake.customer.CustomerDirectory;
import io.yunwei.intake.ticket.Ticket.Amendment;
import io.yunwei.intake.ticket.Ticket.ContractFlag;
import io.yunwei.intake.ticket.Ticket.ReadBack;
import io.yunwei.intake.ticket.Ticket.Recording;
import io.yunwei.intake.ticket.Ticket.Reporter;
import io.yunwei.intake.ticket.TicketRequests.TicketAmendment;

/** Records tickets, confirms read-backs, and follows the other services' events about them. */
@Service
class TicketService {

    private final DocumentStore store;
    private final TicketSearch search;
    private final MongoTemplate mongo;
    private final CustomerDirectory customers;
    private final TicketNumbers numbers;
    private final SlaPolicy slaPolicy;
    private final Clock clock;
    private final MeterRegistry meters;
    private final CallLog calls;
    private final OpenTicketsByAsset claims;
    private final TicketMetrics metrics;

    TicketService(DocumentStore store, MongoTemplate mongo, CustomerDirectory customers, TicketNumbers numbers,
            SlaPolicy slaPolicy, Clock clock, MeterRegistry meters, CallLog calls, OpenTicketsByAsset claims,
            TicketMetrics metrics, TicketSearch search) {
        this.search = search;
        this.metrics = metrics;
        this.calls = calls;
        this.claims = claims;
        this.store = store;
        this.mongo = mongo;
        this.customers = customers;
        this.numbers = numbers;
        this.slaPolicy = slaPolicy;
        this.clock = clock;
        this.meters = meters;
    }

    Ticket record(String id, Channel channel, String customerId, String siteId, List<String> assetIds, String callId,
            Reporter reporter, FaultRecord fault, Actor actor) {
        if (actor.hasRole("CUSTOMER") && !customerId.equals(actor.customerId())) {
            throw new DocumentNotFoundException(Customer.class, customerId);
        }
        Customer customer = customers.customer(customerId)
                .orElseThrow(() -> unprocessable("UNKNOWN_CUSTOMER", "There is no customer " + customerId + ".",
                        "customerId"));
        Equipment equipment = equipment(customer, siteId, assetIds);
        if (callId != null && !calls.exists(callId)) {
            throw unprocessable("UNKNOWN_CALL", "There is no call " + callId + ".", "callId");
        }
        Boolean callerVerified = channel == Channel.CUSTOMER_CALL
                ? knownCaller(customer, reporter, callId == null ? null : calls.callerNumber(callId).orElse(null))
                : null;
        Instant now = clock.instant();
        List<ContractFlag> flags = contractFlags(customer, equipment.categories(), now);
        String duplicateOf = null;
        if (channel == Channel.INSPECTION) {
            // an engineer's finding on site is a new fact, never a repeat: it opens but does not displace a live ticket
            claims.claimIfFree(assetIds, id, now);
        } else {
            duplicateOf = claims.claimOrFindLive(assetIds, id, now).orElse(null);
        }
        Ticket ticket;
        try {
            ticket = Ticket.record(id, numbers.next(now),
                    new Recording(channel, customerId, siteId, equipment.areaCode(), assetIds, equipment.categories(),
                            callId, reporter, fault, actor.subject(), callerVerified, flags, duplicateOf,
                            customer.contract().map(c -> new SlaPolicy.Terms(c.businessCalendar(), c.slaTier()))
                                    .orElse(SlaPolicy.Terms.NONE), equipment.access(), equipment.location()),
                    now, slaPolicy);
            store.save(ticket);
        } catch (RuntimeException e) {
            claims.release(assetIds, id);
            throw e;
        }
        metrics.recorded(ticket);
        return ticket;
    }

    /** Amends the ticket if nobody changed it since the caller read the version {@code ifMatch} names. */
    Ticket amend(String id, IfMatch ifMatch, TicketAmendment request, Actor actor) {
        return change(id, ticket -> {
            requireVisible(ticket, actor);
            ifMatch.check(ticket.version(), "ticket");
            Customer customer = customers.customer(ticket.customerId())
                    .orElseThrow(() -> new DocumentNotFoundException(Customer.class, ticket.customerId()));
            Equipment equipment = equipment(customer, request.siteId() == null ? ticket.siteId() : request.siteId(),
                    request.assetIds() == null ? ticket.assetIds() : request.assetIds());
            Instant now = clock.instant();
            ticket.amend(new Amendment(request.fault(), request.siteId(), equipment.areaCode(), equipment.access(),
                    request.assetIds(), equipment.categories(), contractFlags(customer, equipment.categories(), now),
                    equipment.location()),
                    actor.subject(), now,
                    slaPolicy);
            return ticket;
        });
    }

    Ticket cancel(String id, String reason, Actor actor) {
        return change(id, ticket -> {
            requireVisible(ticket, actor);
            ticket.cancel(reason, actor.subject(), clock.instant());
            return ticket;
        });
    }

    Ticket overrideContract(String id, String reason, Actor actor) {
        return change(id, ticket -> {
            ticket.overrideContract(reason, actor.subject(), clock.instant(), slaPolicy);
            return ticket;
        });
    }

    /** Applies the SLA policy as configured now to a ticket whose clock runs, such as after a policy change. */
    Ticket reapplySla(String id, String reason, Actor actor) {
        return store.update(Ticket.class, id, null, ticket -> {
            ticket.reapplySla(slaPolicy, reason, actor.subject(), clock.instant());
            return ticket;
        });
    }

    private Equipment equipment(Customer customer, String siteId, List<String> assetIds) {
        String areaCode = null;
        Customer.AccessRules access = null;
        Customer.SiteLocation location = null;
        if (siteId != null) {
            Site site = customer.site(siteId).orElseThrow(() -> unprocessable("UNKNOWN_SITE",
                    "Customer " + customer.id() + " has no site " + siteId + ".", "siteId"));
            areaCode = site.areaCode();
            access = site.accessRules();
            location = site.location();
        }
        List<String> categories = new ArrayList<>();
        for (String assetId : assetIds) {
            Asset asset = customers.asset(assetId).filter(a -> a.customerId().equals(customer.id()))
                    .orElseThrow(() -> unprocessable("UNKNOWN_ASSET",
                            "Customer " + customer.id() + " has no asset " + assetId + ".", "assetIds"));
            if (!categories.contains(asset.category())) {
                categories.add(asset.category());
            }
        }
        return new Equipment(areaCode, access, List.copyOf(categories), location);
    }

    /** A customer without a contract is not filtered; one with a contract is held to it. */
    private static List<ContractFlag> contractFlags(Customer customer, List<String> categories, Instant now) {
        return customer.contract().map(contract -> {
            List<ContractFlag> flags = new ArrayList<>();
            if (contract.expiredAt(now)) {
                flags.add(new ContractFlag("CONTRACT_EXPIRED", "The contract expired at " + contract.expiresAt() + "."));
            }
            categories.stream().filter(category -> !contract.covers(category))
                    .forEach(category -> flags.add(new ContractFlag("CATEGORY_NOT_COVERED",
                            "The contract does not cover equipment of category " + category + ".")));
            return List.copyOf(flags);
        }).orElse(List.of());
    }

    /**
     * Whether the caller is one of the customer's known contacts: by the number the telephony system saw, by the
     * phone number the caller gave, or by name.
     */
    private static boolean knownCaller(Customer customer, Reporter reporter, String callingNumber) {
        String seen = digits(callingNumber);
        String phone = reporter == null ? "" : digits(reporter.phone());
        String name = reporter == null || reporter.name() == null ? "" : reporter.name().strip();
        return customer.contacts().stream().anyMatch(contact -> sameNumber(seen, contact.phone())
                || sameNumber(phone, contact.phone()) || !name.isEmpty() && name.equalsIgnoreCase(contact.name().strip()));
    }

    private static boolean sameNumber(String digits, String contactPhone) {
        return !digits.isEmpty() && digits.equals(digits(contactPhone));
    }

    private static String digits(String phone) {
        return phone == null ? "" : phone.replaceAll("[^0-9]", "");
    }

    private static ApiProblem unprocessable(String code, String detail, String field) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, code, detail).with("field", field)
                .with("errors", List.of(Map.of("field", field, "message", detail)));
    }

    private static void requireVisible(Ticket ticket, Actor actor) {
        if (!visibleTo(ticket, actor)) {
            throw new DocumentNotFoundException(Ticket.class, ticket.id());
        }
    }

    private record Equipment(String areaCode, Customer.AccessRules access, List<String> categories,
            Customer.SiteLocation location) {
    }

    Ticket confirmReadBack(String id, String confirmedBy, String summary, Actor actor) {
        return change(id, ticket -> {
            ticket.confirmReadBack(new ReadBack(confirmedBy, summary, actor.subject(), clock.instant()), slaPolicy);
            return ticket;
        });
    }

    /** The ticket, whoever may see it: for the request that made it, answering again. */
    Optional<Ticket> find(String id) {
        return store.find(Ticket.class, id);
    }

    Ticket visible(String id, Actor actor) {
        return store.find(Ticket.class, id).filter(ticket -> visibleTo(ticket, actor))
                .orElseThrow(() -> new DocumentNotFoundException(Ticket.class, id));
    }

    /**
     * Lists the tickets a search finds, read from the store in the order found (the store is the record: a ticket
     * changed since it was indexed shows as it is now), and only those the caller may see.
     */
    Listed list(TicketSearch.Query query, Actor actor) {
        TicketSearch.Hits hits = search.search(query, actor);
        Map<String, Ticket> found = new HashMap<>();
        if (!hits.ids().isEmpty()) {
            mongo.find(new Query(where("_id").in(hits.ids())), Ticket.class)
                    .forEach(ticket -> found.put(ticket.id(), ticket));
        }
        List<Ticket> tickets = hits.ids().stream().map(found::get).filter(Objects::nonNull)
                .filter(ticket -> visibleTo(ticket, actor)).toList();
        return new Listed(tickets, hits);
    }

    /** A page of listed tickets and what the search said about it. */
    record Listed(List<Ticket> tickets, TicketSearch.Hits hits) {
    }

    /**
     * Applies one ticket's events, in the order received, with one read and one write of the ticket for all of them
     * ({@link DocumentStore#applyAll}); the listener passes the events of a ticket that arrived together. Intake
     * applies every event of the topics it follows, so a sequence gap there means a lost event.
     */
    void follow(List<InboundEvent> events, DocumentStore.EventScope scope) {
        // the assets are written first and idempotently, so a crash before the ticket's write is redone on redelivery
        Map<InboundEvent, InboundEvents.AssetInfoCollected> collected = new IdentityHashMap<>();
        for (InboundEvent event : events) {
            if (event.type().equals(InboundEvents.ASSET_INFO_COLLECTED)) {
                try (DocumentStore.EventScope.Opened opened = scope.open(event)) {
                    InboundEvents.AssetInfoCollected info = assetInfo(event);
                    if (info != null) {
                        collected.put(event, info);
                    }
                }
            }
        }
        // each event's status before and after it, from the attempt whose write won
        Map<InboundEvent, TicketStatus[]> moves = new IdentityHashMap<>();
        AtomicReference<Ticket> after = new AtomicReference<>();
        List<Position> positions = store.applyAll(Ticket.class, events, null, scope, (ticket, event) -> {
            TicketStatus before = ticket.status();
            Instant now = clock.instant();
            ticket.follow(event, now, slaPolicy);
            InboundEvents.AssetInfoCollected info = collected.get(event);
            if (info != null) {
                ticket.assetUpdated(info.assetId(), info.attributes(), now);
            }
            moves.put(event, new TicketStatus[] { before, ticket.status() });
            after.set(ticket);
        });
        for (int i = 0; i < events.size(); i++) {
            InboundEvent event = events.get(i);
            if (positions.get(i) == Position.AFTER_GAP) {
                Counter.builder("yunwei.events.gaps")
                        .description("Inbound events whose per-ticket sequence skipped a number")
                        .tag("topic", event.topic()).register(meters).increment();
            }
            if (positions.get(i) != Position.DUPLICATE) {
                TicketStatus[] move = moves.get(event);
                followed(move[0], move[1], after.get());
            }
        }
    }

    /** Changes a ticket through the store's retrying update, then does what its new status asks of intake. */
    private Ticket change(String id, UnaryOperator<Ticket> change) {
        AtomicReference<TicketStatus> before = new AtomicReference<>();
        Ticket changed = store.update(Ticket.class, id, null, ticket -> {
            before.set(ticket.status());
            return change.apply(ticket);
        });
        followed(before.get(), changed.status(), changed);
        return changed;
    }

    /**
     * Counts what opened or reopened, and keeps the asset claims in step: a ticket that ends gives its assets back,
     * one that reopens takes them again where nobody else has. Runs after the write, with its winning attempt.
     */
    private void followed(TicketStatus before, TicketStatus now, Ticket ticket) {
        if (before == now) {
            return;
        }
        switch (now) {
            case OPEN -> metrics.opened(ticket);
            case REOPENED -> {
                metrics.reopened(ticket);
                claims.claimIfFree(ticket.assetIds(), ticket.id(), clock.instant());
            }
            case CLOSED -> {
                metrics.resolved(ticket);
                claims.release(ticket.assetIds(), ticket.id());
            }
            case CANCELLED -> claims.release(ticket.assetIds(), ticket.id());
            default -> {
                // nothing else concerns intake beyond the ticket itself
            }
        }
    }

    /** Applies collected attributes to a known asset; unknown assets and unusable keys only reach the timeline. */
    private InboundEvents.AssetInfoCollected assetInfo(InboundEvent event) {
        InboundEvents.AssetInfoCollected info = event.data(InboundEvents.AssetInfoCollected.class);
        if (info.assetId() == null || info.attributes() == null) {
            return null;
        }
        Map<String, String> usable = new TreeMap<>();
        info.attributes().forEach((key, value) -> {
            if (key.matches(CustomerDirectory.ATTRIBUTE_NAME) && value != null && value.length() <= 500) {
                usable.put(key, value);
            }
        });
        if (usable.isEmpty() || !customers.recordCollectedInfo(info.assetId(), usable,
                info.collectedAt() == null ? event.time() : info.collectedAt())) {
            return null;
        }
        Counter.builder("yunwei.assets.info.collected")
                .description("Asset details an engineer collected on site, written to the asset record").register(meters)
                .increment();
        return new InboundEvents.AssetInfoCollected(info.assetId(), usable, info.collectedAt());
    }

    static boolean visibleTo(Ticket ticket, Actor actor) {
        if (actor.hasRole("CUSTOMER")) {
            return ticket.visibleTo(actor.customerId());
        }
        if (actor.hasRole("ENGINEER") && !actor.hasRole("SUPERVISOR")) {
            return actor.engineerId() != null && actor.engineerId().equals(ticket.engineerId())
                    || actor.subject().equals(ticket.recordedBy());
        }
        return true;
    }
}
