package io.yunwei.gateway.limits;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One token bucket per client: each request takes a token, tokens come back at the sustained rate up to the
 * burst size. Kept per gateway instance, so N instances allow N times the rate; a shared store would be needed
 * for an exact cluster-wide limit.
 */
final class TokenBuckets {

    private final double perSecond;
    private final int burst;
    private final long idleMillis;
    private final Clock clock;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    TokenBuckets(double perSecond, int burst, long idleMillis, Clock clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.idleMillis = idleMillis;
        this.clock = clock;
    }

    /** Takes a token for the client; returns 0 if it got one, else the seconds until one is available. */
    long take(String client) {
        long now = clock.millis();
        if (buckets.size() > 10_000) {
            buckets.values().removeIf(bucket -> bucket.idleSince(now) > idleMillis);
        }
        return buckets.computeIfAbsent(client, c -> new Bucket(burst, now)).take(now, perSecond, burst);
    }

    private static final class Bucket {

        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized long take(long now, double perSecond, int burst) {
            tokens = Math.min(burst, tokens + (now - updated) / 1000.0 * perSecond);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perSecond);
        }

        synchronized long idleSince(long now) {
            return now - updated;
        }
    }
}
