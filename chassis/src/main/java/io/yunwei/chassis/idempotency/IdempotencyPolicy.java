package io.yunwei.chassis.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long an {@code Idempotency-Key} of a creating request answers with its first response ({@link IdempotentCreates}).
 *
 * @param retention how long a key is remembered after its first request; an older key counts as never used
 * @param abandonedAfter how long a request may hold its key without finishing before a retry may take the key over
 *        (the first instance crashed or lost its connection to the store)
 * @param purgeInterval how often keys past their retention are deleted
 */
@ConfigurationProperties("yunwei.idempotency")
public record IdempotencyPolicy(Duration retention, Duration abandonedAfter, Duration purgeInterval) {

    public IdempotencyPolicy {
        retention = retention == null ? Duration.ofHours(24) : retention;
        abandonedAfter = abandonedAfter == null ? Duration.ofSeconds(30) : abandonedAfter;
        purgeInterval = purgeInterval == null ? Duration.ofHours(1) : purgeInterval;
    }
}
