package io.yunwei.gateway.correlation;

import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter.RequestHttpHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter.ResponseHttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * Hands the request id to the routed service in place of whatever the caller sent, and keeps the service's copy off
 * the response, where the filter has already put the gateway's.
 */
@Configuration(proxyBeanMethods = false)
class RequestIdForwarding {

    @Bean
    RequestHttpHeadersFilter requestIdToService() {
        return (headers, request) -> {
            HttpHeaders forwarded = HttpHeaders.copyOf(headers);
            request.attribute(RequestIdFilter.ATTRIBUTE)
                    .ifPresent(id -> forwarded.set(RequestIdFilter.HEADER, id.toString()));
            return forwarded;
        };
    }

    @Bean
    ResponseHttpHeadersFilter requestIdFromServiceDropped() {
        return (headers, response) -> {
            HttpHeaders returned = HttpHeaders.copyOf(headers);
            returned.remove(RequestIdFilter.HEADER);
            return returned;
        };
    }
}
