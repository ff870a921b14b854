package io.yunwei.followup.callback;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the sweeper looks for follow-ups that fell due.
 *
 * @param enabled whether this instance sweeps at all
 * @param interval pause between sweeps
 * @param lease how long a claimed item stays with its sweeper before another instance may take it over
 * @param batch how many due items one sweep claims at most
 */
@ConfigurationProperties("yunwei.followup.due-work")
public record DueWorkProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration interval,
        @DefaultValue("2m") Duration lease, @DefaultValue("100") int batch) {
}
