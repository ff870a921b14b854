package io.yunwei.chassis.consumer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retries how many times a failing record is retried, in place, before it is dead-lettered
 * @param initialBackoff the first pause between retries; each next one doubles
 * @param maxBackoff the longest pause between retries
 */
@ConfigurationProperties("yunwei.consumer")
public record DeadLetterProperties(@DefaultValue("4") int retries, @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("5s") Duration maxBackoff) {
}
