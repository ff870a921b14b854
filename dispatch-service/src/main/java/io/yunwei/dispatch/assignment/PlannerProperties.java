package io.yunwei.dispatch.assignment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The continuous planner: whether it runs, how often it looks for areas to replan, how long an instance holds an
 * area's lease, the solver's budget per plan (and the shorter wait for an improvement before it stops), the time a
 * visit is assumed to take on site (a visit still under way after it has run past its planned end), how much longer
 * a visit past its planned end is assumed to go on, and the road speed for straight-line travel.
 */
@ConfigurationProperties("yunwei.dispatch.planner")
public record PlannerProperties(@DefaultValue("true") boolean enabled, @DefaultValue("2s") Duration interval,
        @DefaultValue("30s") Duration lease, @DefaultValue("3s") Duration solveLimit,
        @DefaultValue("300ms") Duration unimprovedLimit, @DefaultValue("90m") Duration visitLength,
        @DefaultValue("30m") Duration overrunAllowance, @DefaultValue("30") double speedKmh) {
}
