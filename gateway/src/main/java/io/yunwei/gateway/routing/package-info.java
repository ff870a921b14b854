/** What the caller gets when a routed service is down, slow, resting behind an open circuit breaker, or no route matches. */
package io.yunwei.gateway.routing;
