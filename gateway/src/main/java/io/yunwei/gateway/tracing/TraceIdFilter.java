package io.yunwei.gateway.tracing;

import java.io.IOException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Tells the caller the id of the trace its request belongs to, in {@value #HEADER}: the caller's own, when it sent a
 * W3C {@code traceparent}, or the one the gateway started. Spring's HTTP observations carry the trace on to the
 * service as {@code traceparent}, and the service's events carry it into Kafka, so this one id finds the request's
 * whole path in the logs and in a tracing backend.
 */
@Configuration(proxyBeanMethods = false)
class TraceIdFilter {

    static final String HEADER = "X-Trace-Id";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> traceIdHeader(ObjectProvider<Tracer> tracers) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                Tracer tracer = tracers.getIfAvailable();
                Span span = tracer == null ? null : tracer.currentSpan();
                if (span != null) {
                    response.setHeader(HEADER, span.context().traceId());
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        // just inside Spring's server observation filter (HIGHEST_PRECEDENCE + 1), which opens the request's span,
        // and ahead of security, so refusals carry the trace id too
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }
}
