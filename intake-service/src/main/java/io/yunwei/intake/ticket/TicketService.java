package io.yunwei.intake.ticket;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.outbox.OutboxDocument.Position;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.intake.customer.Asset;
import io.yunwei.intake.customer.Customer;
import io.yunwei.intake.customer.Customer.Site;
import io.yunwei.intake.customer.CustomerDirectory;
import io.yunwei.intake.ticket.Ticket.ReadBack;
import io.yunwei.intake.ticket.Ticket.Recording;
import io.yunwei.intake.ticket.Ticket.Reporter;

/** Records tickets, confirms read-backs, and follows the other services' events about them. */
@Service
class TicketService {

    private final DocumentStore store;
    private final MongoTemplate mongo;
    private final CustomerDirectory customers;
    private final TicketNumbers numbers;
    private final SlaPolicy slaPolicy;
    private final Clock clock;
    private final MeterRegistry meters;

    TicketService(DocumentStore store, MongoTemplate mongo, CustomerDirectory customers, TicketNumbers numbers,
            SlaPolicy slaPolicy, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.mongo = mongo;
        this.customers = customers;
        this.numbers = numbers;
        this.slaPolicy = slaPolicy;
        this.clock = clock;
        this.meters = meters;
    }

    Ticket record(Channel channel, String customerId, String siteId, List<String> assetIds, String callId,
            Reporter reporter, FaultRecord fault, Actor actor) {
        if (actor.hasRole("CUSTOMER") && !customerId.equals(actor.customerId())) {
            throw new DocumentNotFoundException(Customer.class, customerId);
        }
        Customer customer = customers.customer(customerId)
                .orElseThrow(() -> new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "UNKNOWN_CUSTOMER",
                        "There is no customer " + customerId + ".").with("field", "customerId"));
        String areaCode = null;
        if (siteId != null) {
            Site site = customer.site(siteId).orElseThrow(() -> new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT,
                    "UNKNOWN_SITE", "Customer " + customerId + " has no site " + siteId + ".").with("field", "siteId"));
            areaCode = site.areaCode();
        }
        List<String> categories = new ArrayList<>();
        for (String assetId : assetIds) {
            Asset asset = customers.asset(assetId).filter(a -> a.customerId().equals(customerId))
                    .orElseThrow(() -> new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "UNKNOWN_ASSET",
                            "Customer " + customerId + " has no asset " + assetId + ".").with("field", "assetIds"));
            if (!categories.contains(asset.category())) {
                categories.add(asset.category());
            }
        }
        Instant now = clock.instant();
        Ticket ticket = Ticket.record(UUID.randomUUID().toString(), numbers.next(now),
                new Recording(channel, customerId, siteId, areaCode, assetIds, categories, callId, reporter, fault,
                        actor.subject()),
                now, slaPolicy);
        store.save(ticket);
        meters.counter("yunwei.tickets.recorded", "channel", channel.name()).increment();
        meters.summary("yunwei.tickets.completeness", "channel", channel.name()).record(ticket.completeness().score());
        return ticket;
    }

    Ticket confirmReadBack(String id, String confirmedBy, String summary, Actor actor) {
        return store.update(Ticket.class, id, null, ticket -> {
            ticket.confirmReadBack(new ReadBack(confirmedBy, summary, actor.subject(), clock.instant()), slaPolicy);
            return ticket;
        });
    }

    Ticket visible(String id, Actor actor) {
        return store.find(Ticket.class, id).filter(ticket -> visibleTo(ticket, actor))
                .orElseThrow(() -> new DocumentNotFoundException(Ticket.class, id));
    }

    Page<Ticket> list(TicketStatus status, String customerId, Instant from, Instant to, Actor actor, Pageable page) {
        List<Criteria> filters = new ArrayList<>();
        if (actor.hasRole("CUSTOMER")) {
            filters.add(where("customerId").is(actor.customerId()));
        } else if (customerId != null) {
            filters.add(where("customerId").is(customerId));
        }
        if (actor.hasRole("ENGINEER")) {
            filters.add(new Criteria().orOperator(where("engineerId").is(actor.engineerId()),
                    where("recordedBy").is(actor.subject())));
        }
        if (status != null) {
            filters.add(where("status").is(status));
        }
        if (from != null || to != null) {
            Criteria recorded = where("recordedAt");
            if (from != null) {
                recorded = recorded.gte(from);
            }
            if (to != null) {
                recorded = recorded.lt(to);
            }
            filters.add(recorded);
        }
        Query query = filters.isEmpty() ? new Query() : new Query(new Criteria().andOperator(filters));
        long total = mongo.count(query, Ticket.class);
        List<Ticket> content = mongo.find(query.with(page), Ticket.class);
        return new PageImpl<>(content, page, total);
    }

    /** Intake applies every event of the topics it follows, so a sequence gap there means a lost event. */
    void follow(InboundEvent event) {
        if (store.apply(Ticket.class, event, null, ticket -> ticket.follow(event, clock.instant())) == Position.AFTER_GAP) {
            meters.counter("yunwei.events.gaps", "topic", event.topic()).increment();
        }
    }

    private static boolean visibleTo(Ticket ticket, Actor actor) {
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
