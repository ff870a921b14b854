package io.yunwei.chassis.idempotency;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A request's first answer, kept in the document the request changed, in the same write as the change: its status,
 * the document's {@code ETag} then, and the body as sent. A document keeps the newest few in a list.
 */
public record Answered(String client, String key, String fingerprint, int status, String etag, String body,
        Instant at) {

    /**
     * The answer to an earlier request under this key, when the request was the same; the same key for a different
     * request is refused (422 {@code IDEMPOTENCY_KEY_REUSED}), so a client cannot mistake one answer for another.
     */
    public static Optional<Answered> find(List<Answered> answers, IdempotencyKey key) {
        if (key == null || answers == null) {
            return Optional.empty();
        }
        return answers.stream().filter(a -> a.client().equals(key.client()) && a.key().equals(key.key())).findFirst()
                .map(a -> {
                    if (!a.fingerprint().equals(key.fingerprint())) {
                        throw IdempotencyKeys.reused();
                    }
                    return a;
                });
    }

    /** Keeps the answer, dropping the oldest beyond {@code kept}; a request without a key keeps nothing. */
    public static void remember(List<Answered> answers, IdempotencyKey key, int status, String etag, String body,
            Instant at, int kept) {
        if (key == null) {
            return;
        }
        answers.add(new Answered(key.client(), key.key(), key.fingerprint(), status, etag, body, at));
        while (answers.size() > kept) {
            answers.removeFirst();
        }
    }
}
