/** W3C trace context at the edge: the gateway joins or starts the trace that the services and their events continue. */
package io.yunwei.gateway.tracing;
