package io.yunwei.intake.webhook;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.yunwei.chassis.idempotency.IdempotencyKey;
import io.yunwei.chassis.idempotency.IdempotencyKeys;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.chassis.web.IfMatch;
import io.yunwei.chassis.web.PageView;
import io.yunwei.intake.customer.CustomerDirectory;
import io.yunwei.intake.webhook.Deliveries.Attempt;
import io.yunwei.intake.webhook.Deliveries.Message;
import io.yunwei.intake.webhook.WebhookRequests.NewWebhook;
import io.yunwei.intake.webhook.WebhookRequests.WebhookChange;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Webhook subscriptions and what their owners may do with them. A customer organisation's staff manage its own
 * subscriptions, which receive only its tickets' events; an administrator manages any, and may subscribe for every
 * organisation. Another organisation's subscription is answered as not found.
 */
@Service
class Webhooks {

    static final String GONE = "GONE";
    static final String FAILING = "FAILING";
    static final String BY_OWNER = "BY_OWNER";
    private static final int MAX_REPLAY = 10_000;
    private static final Duration SNAPSHOT_LIFE = Duration.ofSeconds(5);
    private static final Duration REREAD_AFTER = Duration.ofMillis(200);

    private final MongoTemplate mongo;
    private final DocumentStore store;
    private final SigningSecrets secrets;
    private final TargetPolicy targets;
    private final DeliveryQueue queue;
    private final CustomerDirectory customers;
    private final WebhookPolicy policy;
    private final Clock clock;
    private final JsonMapper json;
    private volatile Subscribers subscribers = new Subscribers(List.of(), Instant.EPOCH);

    Webhooks(MongoTemplate mongo, DocumentStore store, SigningSecrets secrets, TargetPolicy targets, DeliveryQueue queue,
            CustomerDirectory customers, WebhookPolicy policy, Clock clock, JsonMapper json) {
        this.mongo = mongo;
        this.store = store;
        this.secrets = secrets;
        this.targets = targets;
        this.queue = queue;
        this.customers = customers;
        this.policy = policy;
        this.clock = clock;
        this.json = json;
    }

    /**
     * Every subscription that existed when an event of this time happened. A snapshot read after the event holds
     * them all, so an event newer than this instance's snapshot (a subscription may have been made on another
     * instance since) has it read again, at most five times a second; otherwise a snapshot serves for 5 s.
     */
    List<Webhook> at(Instant eventTime) {
        Subscribers current = subscribers;
        Instant now = clock.instant();
        boolean old = current.readAt().plus(SNAPSHOT_LIFE).isBefore(now);
        boolean beforeEvent = !eventTime.isBefore(current.readAt());
        if (old || beforeEvent) {
            long wait = Duration.between(now, current.readAt().plus(REREAD_AFTER)).toMillis();
            if (!old && wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Instant reading = clock.instant();
            current = new Subscribers(mongo.findAll(Webhook.class), reading);
            subscribers = current;
        }
        return current.webhooks();
    }

    private void changed() {
        subscribers = new Subscribers(List.of(), Instant.EPOCH);
    }

    Optional<Webhook> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Webhook.class));
    }

    /**
     * Creates a subscription and answers it with its secret in clear, the one time it is shown; a retry with the same
     * {@code Idempotency-Key} gets the same answer, found by the key kept in the subscription itself.
     */
    Created create(Actor actor, NewWebhook request, IdempotencyKey key) {
        String customerId = scope(actor, request.customerId());
        checkTarget(request.url());
        List<String> events = events("events", request.events());
        String creationKey = key == null ? null : key.client() + "\n" + key.key();
        String fingerprint = key == null ? null : key.fingerprint();
        if (creationKey != null) {
            Optional<Created> earlier = earlier(creationKey, fingerprint);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        Instant now = clock.instant();
        String secret = secrets.generate();
        Webhook webhook = new Webhook("wh_" + UUID.randomUUID().toString().replace("-", ""), customerId, request.url(),
                events, request.description(), true, null, null,
                List.of(new Webhook.Secret(secrets.encrypt(secret), now, null)), now, actor.subject(), now, null,
                creationKey, fingerprint, 1L);
        try {
            mongo.insert(webhook);
        } catch (DuplicateKeyException e) {
            // the same key at the same time from another request: answer as it was answered
            return earlier(creationKey, fingerprint).orElseThrow(() -> e);
        }
        changed();
        return new Created(webhook, secret, false);
    }

    private Optional<Created> earlier(String creationKey, String fingerprint) {
        Webhook existing = mongo.findOne(query(where("creationKey").is(creationKey)), Webhook.class);
        if (existing == null) {
            return Optional.empty();
        }
        if (!existing.creationRequest().equals(fingerprint)) {
            throw IdempotencyKeys.reused();
        }
        // the secret made with it, while it still signs; a rotation since has replaced it
        Webhook.Secret first = existing.secrets().getLast();
        String secret = first.signsAt(clock.instant()) ? secrets.decrypt(first.sealed()) : null;
        return Optional.of(new Created(existing, secret, true));
    }

    private String scope(Actor actor, String requested) {
        if (actor.hasRole("ADMIN")) {
            if (requested != null && customers.customer(requested).isEmpty()) {
                throw ApiProblem.invalidField("customerId", "names no customer");
            }
            return requested;
        }
        if (actor.customerId() == null) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "FORBIDDEN", "Only a customer organisation's staff or an"
                    + " administrator may manage webhooks.");
        }
        if (requested != null && !requested.equals(actor.customerId())) {
            throw ApiProblem.invalidField("customerId", "must be your own organisation or left out");
        }
        return actor.customerId();
    }

    private void checkTarget(String url) {
        targets.accepted("url", url);
    }

    private static List<String> events(String field, List<String> events) {
        List<String> distinct = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String problem = Webhook.invalidFilter(events.get(i));
            if (problem != null) {
                throw ApiProblem.invalidField(field + "[" + i + "]", problem);
            }
            if (!distinct.contains(events.get(i))) {
                distinct.add(events.get(i));
            }
        }
        return List.copyOf(distinct);
    }

    PageView<Webhook> list(Actor actor, String customerId, int page, int size) {
        Criteria criteria = new Criteria();
        if (!actor.hasRole("ADMIN")) {
            criteria = where("customerId").is(actor.customerId());
        } else if (customerId != null) {
            criteria = where("customerId").is(customerId);
        }
        long total = mongo.count(query(criteria), Webhook.class);
        List<Webhook> webhooks = mongo.find(query(criteria).with(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("_id")))
                .skip((long) page * size).limit(size), Webhook.class);
        return PageView.of(new PageImpl<>(webhooks, PageRequest.of(page, size), total));
    }

    /** The subscription if the caller may see it; otherwise not found, as if it did not exist. */
    Webhook visible(Actor actor, String id) {
        return find(id).filter(webhook -> actor.hasRole("ADMIN")
                || (webhook.customerId() != null && webhook.customerId().equals(actor.customerId())))
                .orElseThrow(() -> new DocumentNotFoundException(Webhook.class, id));
    }

    /**
     * Changes what the owner may edit. With {@code If-Match}, only the subscription as the caller read it: another
     * change in between (the owner's, or its disabling) is a 412 naming the current {@code ETag}.
     */
    Webhook change(Actor actor, String id, WebhookChange change, IfMatch ifMatch) {
        Webhook webhook = visible(actor, id);
        long revision = webhook.revision() == null ? 0 : webhook.revision();
        ifMatch.check(revision, "webhook");
        Instant now = clock.instant();
        Update update = new Update().set("updatedAt", now).set("revision", revision + 1);
        if (change.url() != null) {
            checkTarget(change.url());
            update.set("url", change.url());
        }
        if (change.events() != null) {
            update.set("events", events("events", change.events()));
        }
        if (change.description() != null) {
            update.set("description", change.description());
        }
        boolean resumed = false;
        if (change.enabled() != null && change.enabled() != webhook.enabled()) {
            if (change.enabled()) {
                update.set("enabled", true).unset("disabledReason").unset("disabledAt").unset("failingSince");
                resumed = true;
            } else {
                update.set("enabled", false).set("disabledReason", BY_OWNER).set("disabledAt", now);
            }
        }
        // the revision read, so a change in between is not overwritten (two at once: one wins, the other is told)
        Criteria read = webhook.revision() == null ? where("revision").exists(false) : where("revision").is(revision);
        Webhook changed = mongo.findAndModify(query(where("_id").is(id).andOperator(read)), update,
                FindAndModifyOptions.options().returnNew(true), Webhook.class);
        if (changed == null) {
            // changed in between: a change without If-Match is made on what it is now, one with it is refused
            Webhook current = visible(actor, id);
            ifMatch.check(current.revision() == null ? 0 : current.revision(), "webhook");
            return change(actor, id, change, ifMatch);
        }
        changed();
        if (resumed) {
            queue.resume(id);
        }
        return changed;
    }

    void delete(Actor actor, String id) {
        visible(actor, id);
        mongo.remove(query(where("_id").is(id)), Webhook.class);
        changed();
        queue.forget(id);
    }

    /** A new secret; the ones it replaces keep signing beside it for the configured overlap, then retire. */
    Rotated rotate(Actor actor, String id) {
        Webhook webhook = visible(actor, id);
        Instant now = clock.instant();
        Instant retires = now.plus(policy.rotationOverlap());
        String secret = secrets.generate();
        List<Webhook.Secret> kept = new ArrayList<>();
        kept.add(new Webhook.Secret(secrets.encrypt(secret), now, null));
        for (Webhook.Secret old : webhook.secrets()) {
            if (old.signsAt(now)) {
                kept.add(new Webhook.Secret(old.sealed(), old.createdAt(),
                        old.retiresAt() == null || old.retiresAt().isAfter(retires) ? retires : old.retiresAt()));
            }
        }
        mongo.updateFirst(query(where("_id").is(id)), new Update().set("secrets", kept).set("updatedAt", now)
                .inc("revision", 1), Webhook.class);
        changed();
        return new Rotated(id, secret, retires);
    }

    /** The secrets that sign now, in clear, newest first. */
    List<String> signing(Webhook webhook) {
        Instant now = clock.instant();
        return webhook.secrets().stream().filter(secret -> secret.signsAt(now))
                .map(secret -> secrets.decrypt(secret.sealed())).toList();
    }

    /** Queues a {@code webhook.test.v1} ping; answers its message id. */
    Map<String, String> test(Actor actor, String id) {
        Webhook webhook = visible(actor, id);
        String eventId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        ObjectNode data = json.createObjectNode().put("webhookId", id)
                .put("message", "A test message from Yunwei: the endpoint received it and checked its signature.");
        queue.enqueue(message(webhook.id(), "test", eventId, Webhook.TEST_EVENT, null, now, data));
        return Map.of("webhookId", id, "messageId", eventId);
    }

    /** Sends again every message made for the subscription in {@code [from, to)}, each in its lane's order. */
    int replay(Actor actor, String id, Instant from, Instant to) {
        visible(actor, id);
        if (!from.isBefore(to)) {
            throw ApiProblem.invalidField("to", "must be after from");
        }
        List<Message> made = queue.made(id, from, to, MAX_REPLAY + 1);
        if (made.size() > MAX_REPLAY) {
            throw ApiProblem.invalidField("to", "the window holds more than " + MAX_REPLAY + " messages; replay a"
                    + " shorter one");
        }
        made.forEach(queue::requeue);
        return made.size();
    }

    PageView<Attempt> attempts(Actor actor, String id, String status, int page, int size) {
        visible(actor, id);
        return queue.attempts(id, status, page, size);
    }

    /** A message to send, its body fixed: {@code {type, timestamp, data}} with the ticket, sequence and payload. */
    Message message(String webhookId, String ticketId, String eventId, String type, Long sequence, Instant time,
            ObjectNode data) {
        ObjectNode body = json.createObjectNode().put("type", type).put("timestamp", time.toString());
        body.set("data", data);
        return new Message(Message.id(webhookId, eventId), webhookId, Deliveries.Lane.id(webhookId, ticketId), eventId,
                type, sequence == null ? null : ticketId, json.writeValueAsString(body), clock.instant(),
                DeliveryQueue.PENDING, 0, null, null);
    }

    ObjectNode eventData(String ticketId, long sequence, String payload) {
        ObjectNode data = json.createObjectNode().put("ticketId", ticketId).put("sequence", sequence);
        data.set("payload", json.readTree(payload));
        return data;
    }

    /** The endpoint answered 410 Gone: it wants no more messages. */
    void gone(Webhook webhook) {
        disable(webhook, GONE, 410, "HTTP 410");
    }

    /**
     * An attempt failed: the endpoint is failing since now, if it was not already; disabled when failing too long.
     *
     * @param statusCode the endpoint's answer, if it answered
     * @param error what went wrong
     */
    void failed(Webhook webhook, Integer statusCode, String error) {
        Instant now = clock.instant();
        if (webhook.failingSince() == null) {
            mongo.updateFirst(query(where("_id").is(webhook.id()).and("failingSince").is(null)),
                    new Update().set("failingSince", now), Webhook.class);
        } else if (!webhook.failingSince().plus(policy.disableAfter()).isAfter(now)) {
            disable(webhook, FAILING, statusCode, error);
        }
    }

    void succeeded(Webhook webhook) {
        if (webhook.failingSince() != null) {
            mongo.updateFirst(query(where("_id").is(webhook.id())), new Update().unset("failingSince"), Webhook.class);
        }
    }

    /** Announces the incident first, so that a crash before the subscription is disabled loses no notice. */
    private void disable(Webhook webhook, String reason, Integer statusCode, String error) {
        Instant now = clock.instant();
        store.update(WebhookIncidents.class, webhook.id(), () -> new WebhookIncidents(webhook.id()), incidents -> {
            incidents.disabling(webhook, reason, statusCode, error, now);
            return incidents;
        });
        mongo.updateFirst(query(where("_id").is(webhook.id()).and("enabled").is(true)),
                new Update().set("enabled", false).set("disabledReason", reason).set("disabledAt", now)
                        .inc("revision", 1), Webhook.class);
        changed();
    }

    private record Subscribers(List<Webhook> webhooks, Instant readAt) {
    }

    /** A new subscription with its secret, shown once (and to a retry of the same request). */
    record Created(Webhook webhook, String secret, boolean replayed) {
    }

    record Rotated(String id, String secret, Instant previousSecretsRetireAt) {
    }
}
