package io.yunwei.intake.webhook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How webhooks are delivered and guarded.
 *
 * @param encryptionKey the AES-256 key (base64, 32 bytes) the signing secrets are encrypted with in the store; or
 * @param encryptionKeyFile a file holding that key, made with a new random key if it does not exist
 * @param allowedHosts host names a target URL may name although they resolve to loopback, link-local or private
 *        addresses (the local stack lists {@code localhost})
 * @param requireHttps whether a target URL must be {@code https} (production)
 * @param retrySchedule the wait before each attempt after the first; a message that fails them all has failed
 * @param jitter the share of each wait added or taken at random, so failed endpoints are not retried in step
 * @param timeout how long one attempt may take, connection and answer
 * @param disableAfter an endpoint failing for this long without one success is disabled
 * @param rotationOverlap how long a rotated secret still signs beside the new one
 * @param poll how often an instance looks at every waiting lane for those due that it was not told of: another
 *        instance's retries, a lane whose instance died (what it queues itself, and its own retries, it sends when due)
 * @param lease how long an instance holds a lane it is sending; a lane whose instance died is sent again after it
 * @param senders attempts an instance makes at once
 */
@ConfigurationProperties("yunwei.webhooks")
public record WebhookPolicy(String encryptionKey, Path encryptionKeyFile, List<String> allowedHosts, Boolean requireHttps,
        List<Duration> retrySchedule, Double jitter, Duration timeout, Duration disableAfter, Duration rotationOverlap,
        Duration poll, Duration lease, Integer senders) {

    static final List<Duration> STANDARD_SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14),
            Duration.ofHours(20), Duration.ofHours(24));

    public WebhookPolicy {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        requireHttps = requireHttps == null || requireHttps;
        retrySchedule = retrySchedule == null || retrySchedule.isEmpty() ? STANDARD_SCHEDULE : List.copyOf(retrySchedule);
        jitter = jitter == null ? 0.1 : jitter;
        timeout = timeout == null ? Duration.ofSeconds(15) : timeout;
        disableAfter = disableAfter == null ? Duration.ofDays(5) : disableAfter;
        rotationOverlap = rotationOverlap == null ? Duration.ofHours(24) : rotationOverlap;
        poll = poll == null ? Duration.ofSeconds(5) : poll;
        lease = lease == null ? Duration.ofSeconds(60) : lease;
        senders = senders == null ? 8 : senders;
        if (lease.compareTo(timeout.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("yunwei.webhooks.lease must be at least twice the timeout");
        }
    }

    /** Attempts a message gets: the first and one per wait of the schedule. */
    int attempts() {
        return retrySchedule.size() + 1;
    }
}
