/**
 * How calls reach the services — in turn over each service's instances, on to the next when one refuses the
 * connection — and what the caller gets when a routed service is down, slow, resting behind an open circuit breaker,
 * or no route matches.
 */
package io.yunwei.gateway.routing;
