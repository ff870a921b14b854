package io.yunwei.dispatch.assignment;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.PageView;
import io.yunwei.dispatch.assignment.TicketDispatch.Dispatch;
import io.yunwei.dispatch.assignment.TicketDispatch.DispatchStatus;

/** What dispatch answers about dispatches without changing them: one, an engineer's list, the board, the overdue. */
@Service
class DispatchQueries {

    private final DocumentStore store;
    private final MongoTemplate mongo;

    DispatchQueries(DocumentStore store, MongoTemplate mongo) {
        this.store = store;
        this.mongo = mongo;
    }

    DispatchView visible(String dispatchId, Actor actor) {
        String ticketId = TicketDispatch.ticketOf(dispatchId);
        return store.find(TicketDispatch.class, ticketId).flatMap(file -> file.dispatch(dispatchId))
                .filter(d -> d.mayBeWorkedBy(actor)).map(d -> DispatchView.of(ticketId, d))
                .orElseThrow(() -> new DocumentNotFoundException(Dispatch.class, dispatchId));
    }

    List<DispatchView> list(String engineerId, DispatchStatus status, Actor actor, int limit) {
        String engineer = actor.hasRole("ENGINEER") ? actor.engineerId() : engineerId;
        Query filter = ChildIds.withItem("dispatches", "engineerId", engineer, "status",
                status == null ? null : status.name());
        List<DispatchView> views = new ArrayList<>();
        for (TicketDispatch file : mongo.find(filter.limit(limit), TicketDispatch.class)) {
            file.dispatches().stream()
                    .filter(d -> engineer == null || d.engineerId().equals(engineer))
                    .filter(d -> status == null || d.status() == status)
                    .forEach(d -> views.add(DispatchView.of(file.id(), d)));
        }
        return views;
    }

    /** The dispatcher's board: tickets nobody could take or that were refused too often, oldest first. */
    PageView<EscalationView> escalations(String areaCode, int page, int size) {
        Query filter = query(where("escalated").is(true));
        if (areaCode != null) {
            filter.addCriteria(where("areaCode").is(areaCode));
        }
        long total = mongo.count(filter, TicketDispatch.class);
        List<EscalationView> content = mongo.find(filter.with(PageRequest.of(page, size,
                Sort.by("escalatedAt", "_id"))), TicketDispatch.class).stream().map(EscalationView::of).toList();
        return PageView.of(new PageImpl<>(content, PageRequest.of(page, size), total));
    }

    /** Ids of tickets with a dispatch whose acceptance window has passed, for the sweeper. */
    List<String> overdue(Instant now, int limit) {
        Query filter = query(where("dispatches").elemMatch(where("status").is(DispatchStatus.ASSIGNED.name())
                .and("acceptBy").lte(now))).limit(limit);
        filter.fields().include("_id");
        return mongo.find(filter, Document.class, mongo.getCollectionName(TicketDispatch.class)).stream()
                .map(d -> String.valueOf(d.get("_id"))).toList();
    }
}
