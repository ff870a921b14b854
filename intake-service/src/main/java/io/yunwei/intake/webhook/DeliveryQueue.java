package io.yunwei.intake.webhook;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.web.PageView;
import io.yunwei.intake.webhook.Deliveries.Attempt;
import io.yunwei.intake.webhook.Deliveries.Lane;
import io.yunwei.intake.webhook.Deliveries.Message;

/**
 * The messages waiting for webhook endpoints, in one lane per subscription and ticket. Every write is one conditional
 * single-document write keyed by {@code _id}, so queuing is idempotent (a lane remembers the events it has queued) and
 * an instance sends a lane only while it holds the lane's claim: the claim is the lane's due time moved to the end of
 * a lease, taken by a write conditional on the due time it read, so two instances never send one lane at once and a
 * lane whose instance died is due again when the lease ends.
 */
@Component
class DeliveryQueue {

    static final String PENDING = "PENDING";
    static final String DELIVERED = "DELIVERED";
    static final String FAILED = "FAILED";

    private final MongoTemplate mongo;
    private final Clock clock;

    DeliveryQueue(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Queues a message at the end of its lane; again for the same event, it changes nothing. */
    void enqueue(Message message) {
        try {
            mongo.insert(message);
        } catch (DuplicateKeyException e) {
            // made by an earlier delivery of the event, which may have stopped before queuing it
        }
        Instant now = clock.instant();
        try {
            mongo.upsert(query(where("_id").is(message.lane()).and("seen").ne(message.eventId())),
                    new Update().push("queue", message.id()).push("seen", message.eventId())
                            .setOnInsert("webhookId", message.webhookId()).setOnInsert("nextAttemptAt", now)
                            .setOnInsert("attempt", 0).setOnInsert("headSince", now).setOnInsert("idle", false),
                    Lane.class);
        } catch (DuplicateKeyException e) {
            // the lane has queued this event before
        }
        wake(message.lane(), now);
    }

    /** Queues a message already sent once again, unless it is waiting already. */
    void requeue(Message message) {
        Instant now = clock.instant();
        mongo.updateFirst(query(where("_id").is(message.id())),
                new Update().set("status", PENDING).unset("settledAt"), Message.class);
        try {
            mongo.upsert(query(where("_id").is(message.lane()).and("queue").ne(message.id())),
                    new Update().push("queue", message.id()).setOnInsert("webhookId", message.webhookId())
                            .setOnInsert("nextAttemptAt", now).setOnInsert("attempt", 0).setOnInsert("headSince", now)
                            .setOnInsert("idle", false),
                    Lane.class);
        } catch (DuplicateKeyException e) {
            // waiting already
        }
        wake(message.lane(), now);
    }

    private void wake(String lane, Instant now) {
        mongo.updateFirst(query(where("_id").is(lane).and("idle").is(true)),
                new Update().set("idle", false).set("nextAttemptAt", now).set("headSince", now), Lane.class);
    }

    /** Lanes due now, soonest first: their ids and the due time a claim must find. */
    List<Lane> due(int limit) {
        Query due = query(where("nextAttemptAt").lte(Date.from(clock.instant())))
                .with(Sort.by("nextAttemptAt")).limit(limit);
        due.fields().include("nextAttemptAt");
        return mongo.find(due, Lane.class);
    }

    /** Takes a lane for {@code lease} if it is still due as it was read; empty if another instance took it. */
    Optional<Lane> claim(Lane due, String token, Duration lease) {
        return Optional.ofNullable(mongo.findAndModify(
                query(where("_id").is(due.id()).and("nextAttemptAt").is(Date.from(due.nextAttemptAt()))),
                new Update().set("nextAttemptAt", clock.instant().plus(lease)).set("claimedBy", token),
                FindAndModifyOptions.options().returnNew(true), Lane.class));
    }

    /**
     * Takes the delivered or given-up head off a claimed lane, resets its attempts and renews the claim for the next
     * head; false if the claim was lost.
     */
    boolean advance(String lane, String token, String head, Duration lease) {
        Instant now = clock.instant();
        return mongo.updateFirst(query(where("_id").is(lane).and("claimedBy").is(token).and("queue.0").is(head)),
                new Update().pop("queue", Update.Position.FIRST).set("attempt", 0).set("headSince", now)
                        .set("nextAttemptAt", now.plus(lease)),
                Lane.class).getModifiedCount() == 1;
    }

    /** Gives a claimed lane back, due at {@code at}, its head having had {@code attempt} attempts. */
    void release(String lane, String token, int attempt, Instant at) {
        mongo.updateFirst(query(where("_id").is(lane).and("claimedBy").is(token)),
                new Update().set("attempt", attempt).set("nextAttemptAt", at).unset("claimedBy"), Lane.class);
    }

    /** Gives back a claimed lane found empty, as idle; if something was queued meanwhile, it is due at once. */
    void releaseEmpty(String lane, String token) {
        boolean idled = mongo.updateFirst(query(where("_id").is(lane).and("claimedBy").is(token).and("queue").size(0)),
                new Update().set("idle", true).set("nextAttemptAt", Deliveries.IDLE).unset("claimedBy"), Lane.class)
                .getModifiedCount() == 1;
        if (!idled) {
            release(lane, token, 0, clock.instant());
        }
    }

    /** Makes every waiting lane of a subscription due now (it was enabled again). */
    void resume(String webhookId) {
        mongo.updateMulti(query(where("webhookId").is(webhookId).and("idle").is(false)),
                new Update().set("nextAttemptAt", clock.instant()).unset("claimedBy"), Lane.class);
    }

    Optional<Message> message(String id) {
        return Optional.ofNullable(mongo.findById(id, Message.class));
    }

    void settle(Message message, String status, int attempts, Instant at) {
        Update update = new Update().set("status", status).set("attempts", attempts).set("lastAttemptAt", at);
        if (!status.equals(PENDING)) {
            update.set("settledAt", at);
        }
        mongo.updateFirst(query(where("_id").is(message.id())), update, Message.class);
    }

    void record(Attempt attempt) {
        mongo.insert(attempt);
    }

    /** The messages of a subscription made in a window, oldest first, at most {@code limit}. */
    List<Message> made(String webhookId, Instant from, Instant to, int limit) {
        return mongo.find(query(where("webhookId").is(webhookId).and("createdAt").gte(Date.from(from)).lt(Date.from(to)))
                .with(Sort.by("createdAt")).limit(limit), Message.class);
    }

    /** A page of a subscription's attempts, newest first, optionally only those with a status. */
    PageView<Attempt> attempts(String webhookId, String status, int page, int size) {
        Criteria criteria = where("webhookId").is(webhookId);
        if (status != null) {
            criteria = criteria.and("status").is(status);
        }
        long total = mongo.count(query(criteria), Attempt.class);
        List<Attempt> attempts = mongo.find(query(criteria).with(Sort.by(Sort.Order.desc("at"), Sort.Order.desc("_id")))
                .skip((long) page * size).limit(size), Attempt.class);
        return PageView.of(new PageImpl<>(attempts, PageRequest.of(page, size), total));
    }

    /** Since when the oldest message waiting for each subscription has waited, for those with any waiting. */
    Map<String, Instant> oldestWaiting() {
        Query waiting = query(where("nextAttemptAt").lt(Date.from(Deliveries.IDLE)));
        waiting.fields().include("webhookId").include("headSince").include("queue");
        Map<String, Instant> oldest = new HashMap<>();
        for (Lane lane : mongo.find(waiting, Lane.class)) {
            if (lane.queue() != null && !lane.queue().isEmpty() && lane.headSince() != null) {
                oldest.merge(lane.webhookId(), lane.headSince(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return oldest;
    }

    /** Forgets a deleted subscription's lanes, messages and attempts. */
    void forget(String webhookId) {
        mongo.remove(query(where("webhookId").is(webhookId)), Lane.class);
        mongo.remove(query(where("webhookId").is(webhookId)), Message.class);
        mongo.remove(query(where("webhookId").is(webhookId)), Attempt.class);
    }

    /** Deletes settled messages and attempts past {@link Deliveries#RETENTION}, where the store expires nothing. */
    void purge() {
        Date before = Date.from(clock.instant().minus(Deliveries.RETENTION));
        mongo.remove(query(where("settledAt").lt(before)), Message.class);
        mongo.remove(query(where("at").lt(before)), Attempt.class);
    }
}
