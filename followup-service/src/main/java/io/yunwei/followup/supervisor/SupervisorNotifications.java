package io.yunwei.followup.supervisor;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.PageView;
import io.yunwei.followup.ticket.TicketFollowup;
import io.yunwei.followup.ticket.TicketFollowup.SupervisorNotice;

/**
 * Tells the responsible supervisor about every closure, and about every webhook subscription of an organisation they
 * answer for that was disabled because its endpoint refused or kept failing; keeps the notices as their inbox. A
 * closure's notice lives in the ticket's follow-up document, so it and its {@code supervisor.notified.v1} are one
 * write; a subscription's lives in {@code webhook_notices}.
 */
@Service
public class SupervisorNotifications {

    static final char NOTICE = 'S';

    private final DocumentStore store;
    private final MongoTemplate mongo;
    private final ResponsibleSupervisor responsible;
    private final Clock clock;

    SupervisorNotifications(DocumentStore store, MongoTemplate mongo, ResponsibleSupervisor responsible, Clock clock) {
        this.store = store;
        this.mongo = mongo;
        this.responsible = responsible;
        this.clock = clock;
    }

    /** Idempotent: a closure delivered again finds its notice already there. */
    public void closed(ClosureReport report) {
        ResponsibleSupervisor.Responsibility who = responsible.of(report.customerId(), report.areaCode());
        SupervisorNotice notice = new SupervisorNotice(ChildIds.of(report.ticketId(), NOTICE, report.cycle()),
                report.cycle(), who.supervisorId(), who.basis(), report.number(), report.customerId(),
                report.outcome(), report.engineerId(), List.copyOf(report.progressReports()),
                report.summarySubmittedAt(), report.closedAt(), clock.instant(), null, null);
        store.update(TicketFollowup.class, report.ticketId(), () -> TicketFollowup.startedFor(report.ticketId()),
                followup -> followup.notifySupervisor(notice));
    }

    /** Idempotent: the event delivered again finds its notice already there. */
    public void webhookDisabled(InboundEvent event) {
        WebhookDisabled disabled = event.data(WebhookDisabled.class);
        ResponsibleSupervisor.Responsibility who = responsible.of(disabled.customerId(), null);
        WebhookNotice notice = new WebhookNotice(ChildIds.of(event.subject(), WebhookNotice.KIND,
                Math.toIntExact(event.sequence())), event.subject(), disabled.customerId(), disabled.url(),
                disabled.description(), disabled.reason(), disabled.statusCode(), disabled.error(),
                disabled.failingSince(), disabled.disabledAt(), who.supervisorId(), who.basis(), clock.instant(), null,
                null);
        try {
            mongo.insert(notice);
        } catch (DuplicateKeyException e) {
            // told already
        }
    }

    /**
     * The notices addressed to the caller (an administrator sees everyone's) made after {@code since}, oldest
     * first, so a poller passes the last {@code notifiedAt} it saw.
     */
    PageView<NoticeView> inbox(Actor actor, Instant since, Boolean acknowledged, int page, int size) {
        String supervisor = actor.hasRole("ADMIN") ? null : actor.subject();
        Criteria item = null;
        if (supervisor != null) {
            item = where("supervisorId").is(supervisor);
        }
        if (since != null) {
            item = item == null ? where("notifiedAt").gt(Date.from(since)) : item.and("notifiedAt").gt(Date.from(since));
        }
        Query filter = item == null ? query(where("supervisorNotices.cycle").gte(1))
                : query(where("supervisorNotices").elemMatch(item));
        List<NoticeView> notices = new ArrayList<>();
        for (TicketFollowup followup : mongo.find(filter, TicketFollowup.class)) {
            followup.supervisorNotices().stream()
                    .filter(n -> supervisor == null || supervisor.equals(n.supervisorId()))
                    .filter(n -> since == null || n.notifiedAt().isAfter(since))
                    .filter(n -> acknowledged == null || acknowledged == (n.acknowledgedAt() != null))
                    .forEach(n -> notices.add(NoticeView.of(followup.id(), n)));
        }
        Query webhookFilter = new Query();
        if (supervisor != null) {
            webhookFilter.addCriteria(where("supervisorId").is(supervisor));
        }
        if (since != null) {
            webhookFilter.addCriteria(where("notifiedAt").gt(Date.from(since)));
        }
        if (acknowledged != null) {
            webhookFilter.addCriteria(where("acknowledgedAt").exists(acknowledged));
        }
        mongo.find(webhookFilter, WebhookNotice.class).forEach(n -> notices.add(NoticeView.of(n)));
        notices.sort(Comparator.comparing(NoticeView::notifiedAt).thenComparing(NoticeView::id));
        int from = Math.min(notices.size(), page * size);
        int to = Math.min(notices.size(), from + size);
        return PageView.of(new PageImpl<>(notices.subList(from, to), PageRequest.of(page, size), notices.size()));
    }

    /** Only the supervisor it is addressed to (or an administrator) may acknowledge a notice; others get 404. */
    NoticeView acknowledge(String noticeId, Actor actor) {
        Instant now = clock.instant();
        WebhookNotice aboutWebhook = mongo.findById(noticeId, WebhookNotice.class);
        if (aboutWebhook != null) {
            if (!actor.hasRole("ADMIN") && !aboutWebhook.supervisorId().equals(actor.subject())) {
                throw new DocumentNotFoundException(WebhookNotice.class, noticeId);
            }
            mongo.updateFirst(query(where("_id").is(noticeId).and("acknowledgedAt").is(null)),
                    new Update().set("acknowledgedBy", actor.subject()).set("acknowledgedAt", now), WebhookNotice.class);
            return NoticeView.of(mongo.findById(noticeId, WebhookNotice.class));
        }
        String ticketId = ChildIds.parentOf(noticeId, NOTICE, SupervisorNotice.class);
        return store.update(TicketFollowup.class, ticketId, null, followup -> {
            SupervisorNotice notice = followup.supervisorNotices().stream().filter(n -> n.id().equals(noticeId))
                    .filter(n -> actor.hasRole("ADMIN") || n.supervisorId().equals(actor.subject())).findFirst()
                    .orElseThrow(() -> new DocumentNotFoundException(SupervisorNotice.class, noticeId));
            return NoticeView.of(ticketId, followup.acknowledge(notice.id(), actor.subject(), now));
        });
    }
}
