package io.yunwei.chassis.idempotency;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Scheduled;

import io.yunwei.chassis.web.ApiProblem;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes creating requests safe to retry. The first request with a client's {@code Idempotency-Key}
 * reserves the key in a document keyed by (client, key), runs, and stores its response (status, {@code Location}
 * and {@code ETag}, the body as the bytes sent); a retry with the same request gets those bytes again, whatever
 * happened to the resource since; the same key for another request (other path or other body) is refused.
 * <p>
 * A key lives for the configured retention. Expiry is checked on every read, by the key's {@code _id}, so it holds
 * in a store without TTL expiry; a TTL index is declared for MongoDB, and a periodic purge deletes old keys
 * elsewhere. A request that fails gives its key back, so a corrected retry may use it.
 */
public class IdempotentCreates {

    private static final Logger log = LoggerFactory.getLogger(IdempotentCreates.class);
    private static final List<String> KEPT_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG);
    private static final int ATTEMPTS = 3;

    private final MongoTemplate mongo;
    private final JsonMapper json;
    private final IdempotencyKeys keys;
    private final IdempotencyPolicy policy;
    private final Clock clock;

    public IdempotentCreates(MongoTemplate mongo, JsonMapper json, IdempotencyKeys keys, IdempotencyPolicy policy,
            Clock clock) {
        this.mongo = mongo;
        this.json = json;
        this.keys = keys;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Answers {@code create}'s response, serialized once; with a key, the first response to that key is kept and
     * answered again to a retry of the same request.
     *
     * @param key the request's {@code Idempotency-Key}, or null
     * @param request the parsed request body, which with the method and path identifies the request
     */
    public ResponseEntity<byte[]> respond(String key, Object request, Supplier<ResponseEntity<?>> create) {
        return respond(key, request, id -> create.get(), id -> Optional.empty());
    }

    /**
     * As {@link #respond(String, Object, Supplier)}, for a request that creates one resource under the id it is
     * given. The key's reservation names that id before the resource is made, so a retry after a request that
     * stopped half way (its process killed after the resource was stored, before its response was) answers with
     * the resource that request made instead of making a second one.
     *
     * @param create makes the resource under the given id and answers as the creation does
     * @param created finds the resource made under the given id, answered as {@code create} would have
     */
    public ResponseEntity<byte[]> respond(String key, Object request, Function<String, ResponseEntity<?>> create,
            Function<String, Optional<? extends ResponseEntity<?>>> created) {
        IdempotencyKey sent = keys.of(key, request);
        if (sent == null) {
            return serialized(create.apply(UUID.randomUUID().toString()));
        }
        Key id = new Key(sent.client(), sent.key());
        String fingerprint = sent.fingerprint();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Entry existing = current(id, now);
            if (existing != null && existing.status() == null && abandoned(existing, now)
                    && existing.fingerprint().equals(fingerprint)) {
                Optional<? extends ResponseEntity<?>> made = Optional.ofNullable(existing.resourceId()).flatMap(created);
                if (made.isPresent()) {
                    // the request that held the key made the resource and stopped before answering: answer for it
                    ResponseEntity<byte[]> response = serialized(made.get());
                    complete(existing, response);
                    return replayed(response);
                }
                // it stopped before making anything: the key is free again
                mongo.remove(query(where("_id").is(id).and("token").is(existing.token())), Entry.class);
                continue;
            }
            if (existing != null) {
                return replay(existing, fingerprint);
            }
            Entry reserved = new Entry(id, UUID.randomUUID().toString(), fingerprint, now, now.plus(policy.retention()),
                    null, null, null, UUID.randomUUID().toString());
            try {
                mongo.insert(reserved);
            } catch (DuplicateKeyException e) {
                continue;
            }
            ResponseEntity<byte[]> response;
            try {
                response = serialized(create.apply(reserved.resourceId()));
            } catch (RuntimeException e) {
                mongo.remove(query(where("_id").is(id).and("token").is(reserved.token())), Entry.class);
                throw e;
            }
            complete(reserved, response);
            return response;
        }
        throw inUse();
    }

    private void complete(Entry reserved, ResponseEntity<byte[]> response) {
        Map<String, String> headers = new LinkedHashMap<>();
        KEPT_HEADERS.forEach(name -> {
            String value = response.getHeaders().getFirst(name);
            if (value != null) {
                headers.put(name, value);
            }
        });
        mongo.updateFirst(query(where("_id").is(reserved.id()).and("token").is(reserved.token())),
                new Update().set("status", response.getStatusCode().value()).set("headers", headers)
                        .set("body", new String(response.getBody(), StandardCharsets.UTF_8)), Entry.class);
    }

    /**
     * The key's entry unless it expired; an expired one is deleted, as if never used, and so is one whose request
     * was abandoned without naming what it would create (a key stored before reservations named it).
     */
    private Entry current(Key id, Instant now) {
        Entry entry = mongo.findById(id, Entry.class);
        if (entry == null) {
            return null;
        }
        // keys stored before responses were kept have no token: they stand for nothing that can be replayed
        if (entry.token() == null) {
            mongo.remove(query(where("_id").is(id).and("token").exists(false)), Entry.class);
            return null;
        }
        boolean expired = !now.isBefore(entry.expiresAt());
        boolean unnamed = entry.status() == null && entry.resourceId() == null && abandoned(entry, now);
        if (!expired && !unnamed) {
            return entry;
        }
        mongo.remove(query(where("_id").is(id).and("token").is(entry.token())), Entry.class);
        return null;
    }

    private boolean abandoned(Entry entry, Instant now) {
        return !now.isBefore(entry.createdAt().plus(policy.abandonedAfter()));
    }

    private ResponseEntity<byte[]> replay(Entry entry, String fingerprint) {
        if (!entry.fingerprint().equals(fingerprint)) {
            throw IdempotencyKeys.reused();
        }
        if (entry.status() == null) {
            throw inUse();
        }
        HttpHeaders headers = new HttpHeaders();
        entry.headers().forEach(headers::set);
        return replayed(ResponseEntity.status(entry.status()).headers(headers).contentType(MediaType.APPLICATION_JSON)
                .body(entry.body().getBytes(StandardCharsets.UTF_8)));
    }

    private ResponseEntity<byte[]> replayed(ResponseEntity<byte[]> response) {
        keys.replayed();
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(response.getHeaders());
        headers.set(IdempotencyKeys.REPLAYED, "true");
        return ResponseEntity.status(response.getStatusCode()).headers(headers).body(response.getBody());
    }

    private static ApiProblem inUse() {
        return new ApiProblem(HttpStatus.CONFLICT, "IDEMPOTENCY_KEY_IN_USE",
                "A request with this Idempotency-Key is still being processed; retry shortly.");
    }

    private ResponseEntity<byte[]> serialized(ResponseEntity<?> response) {
        return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                .contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(response.getBody()));
    }

    /** Deletes keys past their retention; reads ignore them anyway, this only keeps the collection small. */
    @Scheduled(fixedDelayString = "${yunwei.idempotency.purge-interval:1h}",
            initialDelayString = "${yunwei.idempotency.purge-interval:1h}")
    void purgeNow() {
        try {
            purge(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Purging expired idempotency keys failed; the next purge tries again", e);
        }
    }

    /** Deletes the keys whose retention ended by {@code now}; answers how many. */
    public long purge(Instant now) {
        return mongo.remove(query(where("expiresAt").lte(now)), Entry.class).getDeletedCount();
    }

    public record Key(String client, String key) {
    }

    /**
     * One key's first request: reserved with a random token (so only its own request completes or releases it) and
     * the id of the resource it creates, then completed with the response. MongoDB deletes it at {@code expiresAt}
     * through the TTL index.
     */
    @Document("idempotency_keys")
    public record Entry(@Id Key id, String token, String fingerprint, Instant createdAt,
            @Indexed(name = "expires", expireAfter = "0s") Instant expiresAt, Integer status,
            Map<String, String> headers, String body, String resourceId) {
    }
}
