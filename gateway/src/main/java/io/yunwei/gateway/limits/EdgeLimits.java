package io.yunwei.gateway.limits;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.gateway.server.mvc.filter.RemoveContentLengthRequestHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.function.ServerRequest;

import io.yunwei.gateway.problem.Problems;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The gateway's abuse limits: a declared body over its cap refused before anything is read, then a rate per
 * authenticated client, then every body received in full, within its cap and in time, before it is routed.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LimitProperties.class)
class EdgeLimits {

    static final int MAX_PATH_SEGMENT = 256;
    static final int MAX_IDEMPOTENCY_KEY = 255;

    /** Runs before security: an oversized body is refused without reading it or checking its token. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> bodyCap(LimitProperties limits, Problems problems) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                long cap = limits.capFor(request.getContentType());
                if (request.getContentLengthLong() > cap) {
                    problems.write(response, tooLarge(cap, request));
                    return;
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    static ProblemDetail tooLarge(long cap, HttpServletRequest request) {
        ProblemDetail problem = Problems.problem(HttpStatus.CONTENT_TOO_LARGE, "BODY_TOO_LARGE",
                "The request body is larger than " + cap + " bytes.", request);
        problem.setProperty("maxBytes", cap);
        return problem;
    }

    /**
     * Runs after the rate limit, so a body is only received for a client allowed to send it, and counted against
     * that client's share. A chunked body, which declares no length, is held to its cap here.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> bodyBuffers(LimitProperties limits, Problems problems) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                new BodyBuffers(limits, problems));
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        registration.setOrder(1);
        return registration;
    }

    /**
     * The gateway's default drops every {@code Content-Length} on the way to a service, so bodies go on chunked; a body
     * received here in full keeps its exact length, which lets the service refuse it by its length before reading (a
     * form excepted: the gateway re-encodes its fields).
     */
    @Bean
    RemoveContentLengthRequestHeadersFilter removeContentLengthRequestHeadersFilter() {
        return new RemoveContentLengthRequestHeadersFilter() {
            @Override
            public HttpHeaders apply(HttpHeaders headers, ServerRequest request) {
                HttpHeaders forwarded = super.apply(headers, request);
                if (MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(headers.getContentType())) {
                    // the gateway re-encodes a form's fields, so its length may change on the way
                    return forwarded;
                }
                return request.attribute(BodyBuffers.RECEIVED_LENGTH).map(length -> {
                    HttpHeaders withLength = HttpHeaders.copyOf(forwarded);
                    withLength.setContentLength((Long) length);
                    return withLength;
                }).orElse(forwarded);
            }
        };
    }

    /**
     * While a request body is read, the web server waits at most {@code body-read-timeout} for each part of it (its
     * "upload timeout"); a stall fails the read, which {@link BodyBuffers} answers with a 408.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> bodyReadTimeout(LimitProperties limits) {
        return factory -> factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setDisableUploadTimeout(false);
                http.setConnectionUploadTimeout((int) limits.bodyReadTimeout().toMillis());
            }
        });
    }

    /**
     * Refuses, with a problem, request shapes the services' web servers would answer with a bare HTML page: an
     * encoded slash, backslash or NUL in the path (path tricks, never a Yunwei id), a path segment longer than any
     * id, and an over-long {@code Idempotency-Key}.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> requestShape(Problems problems) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String refusal = refusal(request);
                if (refusal != null) {
                    problems.write(response, Problems.problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", refusal,
                            request));
                    return;
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
        return registration;
    }

    static String refusal(HttpServletRequest request) {
        String uri = request.getRequestURI().toLowerCase(java.util.Locale.ROOT);
        if (uri.contains("%2f") || uri.contains("%5c") || uri.contains("%00") || uri.contains("\\")) {
            return "The path contains an encoded slash, backslash or NUL character.";
        }
        for (String segment : uri.split("/")) {
            if (segment.length() > MAX_PATH_SEGMENT) {
                return "A path segment is longer than " + MAX_PATH_SEGMENT + " characters.";
            }
        }
        String key = request.getHeader("Idempotency-Key");
        if (key != null && key.length() > MAX_IDEMPOTENCY_KEY) {
            return "The Idempotency-Key is longer than " + MAX_IDEMPOTENCY_KEY + " characters.";
        }
        return null;
    }

    /** Runs after security, so a client is counted by its token's subject rather than by its address. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> rateLimit(LimitProperties limits, Problems problems) {
        TokenBuckets buckets = new TokenBuckets(limits.requestsPerSecond(), limits.burst(),
                limits.idleBucketExpiry().toMillis(), Clock.systemUTC());
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                long wait = buckets.take(client(request));
                if (wait > 0) {
                    response.setHeader("Retry-After", Long.toString(wait));
                    ProblemDetail problem = Problems.problem(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED",
                            "Too many requests from this client; retry after " + wait + " s.", request);
                    problem.setProperty("retryAfterSeconds", wait);
                    problems.write(response, problem);
                    return;
                }
                chain.doFilter(request, response);
            }

            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return request.getRequestURI().startsWith("/actuator/");
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(0);
        return registration;
    }

    static String client(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated() && authentication.getName() != null
                && !"anonymousUser".equals(authentication.getName()) ? "sub:" + authentication.getName()
                        : "addr:" + request.getRemoteAddr();
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(LimitProperties limits) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(limits.corsAllowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "Accept-Language", "Idempotency-Key",
                "If-Match", "X-Request-Id", "traceparent", "tracestate"));
        cors.setExposedHeaders(List.of("ETag", "Location", "Retry-After", "X-Request-Id", "X-Trace-Id"));
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        source.registerCorsConfiguration("/oauth2/token", cors);
        return source;
    }
}
