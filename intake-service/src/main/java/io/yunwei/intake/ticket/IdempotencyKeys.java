package io.yunwei.intake.ticket;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.web.ApiProblem;

/**
 * Makes a create safe to retry: the first request with a client's key reserves the id of what it creates, in a
 * document keyed by (client, key); a retry with the same body gets that resource, one with another body is refused.
 */
@Component
class IdempotencyKeys {

    private final MongoTemplate mongo;

    IdempotencyKeys(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Runs {@code create} with a fresh id the first time, or answers empty when the same request was already
     * served (the caller then shows {@link #resultOf} instead). A failed create gives the key back.
     */
    <T> Optional<T> once(String client, String key, String body, Instant now, Function<String, T> create) {
        Entry entry = new Entry(new Key(client, key), hash(body), UUID.randomUUID().toString(), now);
        try {
            mongo.insert(entry);
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(create.apply(entry.resourceId()));
        } catch (RuntimeException e) {
            mongo.remove(query(where("_id").is(entry.id()).and("resourceId").is(entry.resourceId())), Entry.class);
            throw e;
        }
    }

    /** The id created for an earlier request with this key; refused when the bodies differ. */
    String resultOf(String client, String key, String body) {
        Entry entry = mongo.findById(new Key(client, key), Entry.class);
        if (entry == null) {
            throw new ApiProblem(HttpStatus.CONFLICT, "IDEMPOTENCY_KEY_IN_USE",
                    "A request with this Idempotency-Key is still being processed; retry shortly.");
        }
        if (!entry.bodyHash().equals(hash(body))) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "IDEMPOTENCY_KEY_REUSED",
                    "This Idempotency-Key was used for a different request; use a new key for a new request.");
        }
        return entry.resourceId();
    }

    private static String hash(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Key(String client, String key) {
    }

    @Document("idempotency_keys")
    record Entry(@Id Key id, String bodyHash, String resourceId, Instant createdAt) {
    }
}
