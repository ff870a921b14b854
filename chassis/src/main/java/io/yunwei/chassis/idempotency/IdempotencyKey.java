package io.yunwei.chassis.idempotency;

/**
 * A request sent with an {@code Idempotency-Key}: whose key it is (keys are per caller), the key, and a digest of the
 * request (method, path and body) that tells a retry from a different request under the same key.
 */
public record IdempotencyKey(String client, String key, String fingerprint) {
}
