package io.yunwei.intake.call;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How fast the call centre must answer.
 *
 * @param threeRings the longest ringing time that still counts as answered within three rings
 */
@ConfigurationProperties("yunwei.calls")
public record CallPolicy(Duration threeRings) {

    public CallPolicy {
        threeRings = threeRings == null ? Duration.ofSeconds(15) : threeRings;
    }
}
