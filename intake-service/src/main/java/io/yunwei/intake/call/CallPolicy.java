package io.yunwei.intake.call;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How fast the call centre must answer.
 *
 * @param threeRings the longest ringing time that still counts as answered within three rings
 * @param zone the call centre's zone, whose calendar days the answer report counts calls by
 */
@ConfigurationProperties("yunwei.calls")
public record CallPolicy(Duration threeRings, ZoneId zone) {

    public CallPolicy {
        threeRings = threeRings == null ? Duration.ofSeconds(15) : threeRings;
        zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
    }
}
