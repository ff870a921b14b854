package io.yunwei.intake.webhook;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
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
 * a lease, taken by a write conditional on the lane being due, so two instances never send one lane at once and a
 * lane whose instance died is due again when the lease ends. What is queued here is told to this instance's
 * {@link DueLanes}, so its sender claims the lane by id without searching.
 */
@Component
class DeliveryQueue {

    static final String PENDING = "PENDING";
    static final String DELIVERED = "DELIVERED";
    static final String FAILED = "FAILED";

    private final MongoTemplate mongo;
    private final DueLanes lanes;
    private final Clock clock;

    DeliveryQueue(MongoTemplate mongo, DueLanes lanes, Clock clock) {
        this.mongo = mongo;
        this.lanes = lanes;
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
            boolean made = mongo.upsert(query(where("_id").is(message.lane()).and("seen").ne(message.eventId())),
                    new Update().push("queue", message.id()).push("seen", message.eventId())
                            .setOnInsert("webhookId", message.webhookId()).setOnInsert("nextAttemptAt", now)
                            .setOnInsert("attempt", 0).setOnInsert("headSince", now).setOnInsert("idle", false),
                    Lane.class).getUpsertedId() != null;
            if (made) {
                // a new lane is due at once
                lanes.due(message.lane(), now);
                return;
            }
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

    /** Makes an idle lane due now, and tells this instance's sender the lane may be due. */
    private void wake(String lane, Instant now) {
        mongo.updateFirst(query(where("_id").is(lane).and("idle").is(true)),
                new Update().set("idle", false).set("nextAttemptAt", now).set("headSince", now), Lane.class);
        lanes.due(lane, now);
    }

    /**
     * Every lane with messages waiting or being sent (not idle): its id, subscription, due time, queue and since when
     * its head has waited. The due time's index holds the few waiting lanes apart from the many idle ones.
     */
    List<Lane> waiting() {
        Query waiting = query(where("nextAttemptAt").lt(Date.from(Deliveries.IDLE)));
        waiting.fields().include("webhookId").include("nextAttemptAt").include("headSince").include("queue");
        return mongo.find(waiting, Lane.class);
    }

    /** Takes a lane for {@code lease} if it is due now; empty if it is not (another instance took it, or it waits). */
    Optional<Lane> claim(String lane, String token, Duration lease) {
        Instant now = clock.instant();
        return Optional.ofNullable(mongo.findAndModify(
                query(where("_id").is(lane).and("nextAttemptAt").lte(Date.from(now))),
                new Update().set("nextAttemptAt", now.plus(lease)).set("claimedBy", token),
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

    /**
     * Takes the delivered or given-up head off a claimed lane that holds nothing behind it and gives the lane back as
     * idle, in one write instead of {@link #advance} and {@link #releaseEmpty}; false, changing nothing, if something
     * was queued behind the head meanwhile or the claim was lost.
     */
    boolean advanceToIdle(String lane, String token, String head) {
        return mongo.updateFirst(query(where("_id").is(lane).and("claimedBy").is(token).and("queue.0").is(head)
                .and("queue.1").exists(false)), new Update().pop("queue", Update.Position.FIRST).set("attempt", 0)
                        .set("idle", true).set("nextAttemptAt", Deliveries.IDLE).unset("claimedBy"),
                Lane.class).getModifiedCount() == 1;
    }

    /** Gives a claimed lane back, due at {@code at}, its head having had {@code attempt} attempts. */
    void release(String lane, String token, int attempt, Instant at) {
        mongo.updateFirst(query(where("_id").is(lane).and("claimedBy").is(token)),
                new Update().set("attempt", attempt).set("nextAttemptAt", at).unset("claimedBy"), Lane.class);
    }

    /**
     * Gives back a claimed lane found empty, as idle; if something was queued meanwhile, it is due at once.
     *
     * @return when the lane is due again: never (it is idle) or now
     */
    Optional<Instant> releaseEmpty(String lane, String token) {
        boolean idled = mongo.updateFirst(query(where("_id").is(lane).and("claimedBy").is(token).and("queue").size(0)),
                new Update().set("idle", true).set("nextAttemptAt", Deliveries.IDLE).unset("claimedBy"), Lane.class)
                .getModifiedCount() == 1;
        if (idled) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        release(lane, token, 0, now);
        return Optional.of(now);
    }

    /** Makes every waiting lane of a subscription due now (it was enabled again). */
    void resume(String webhookId) {
        mongo.updateMulti(query(where("webhookId").is(webhookId).and("idle").is(false)),
                new Update().set("nextAttemptAt", clock.instant()).unset("claimedBy"), Lane.class);
        lanes.search();
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
