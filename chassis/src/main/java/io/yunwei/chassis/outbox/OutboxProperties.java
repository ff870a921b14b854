package io.yunwei.chassis.outbox;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param topic the one topic this service writes
 * @param source the CloudEvents source of this service's events
 * @param collections the collections whose documents carry an outbox
 * @param lease how long a relay instance may hold one document's outbox before another may take over
 * @param sweepInterval how often every outbox is swept for events a crash or another instance left behind, and the
 *        backlog measured; each sweep reads the whole collections, so not often
 * @param sendTimeout how long the relay waits for the broker to acknowledge one document's events
 * @param retryDelay how long the relay waits before it tries again to publish an outbox the broker did not take
 * @param publishers how many documents the relay publishes at once (each document always by the same publisher)
 */
@ConfigurationProperties("yunwei.events")
public record OutboxProperties(String topic, String source, @DefaultValue List<String> collections,
        @DefaultValue("30s") Duration lease, @DefaultValue("30s") Duration sweepInterval,
        @DefaultValue("15s") Duration sendTimeout, @DefaultValue("2s") Duration retryDelay,
        @DefaultValue("4") int publishers) {
}
