/** The {@code X-Request-Id} that ties a caller's request to the gateway's and the services' handling of it. */
package io.yunwei.gateway.correlation;
