package io.yunwei.gateway.security;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import io.yunwei.chassis.security.VerifiedTokens;
import io.yunwei.gateway.problem.Problems;
import jakarta.servlet.DispatcherType;

/**
 * Every {@code /api} call needs a bearer JWT signed by the configured issuer's key, issued by that issuer, for the
 * {@code yunwei} audience and not expired (Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*}). The
 * services check the token again; the gateway only keeps anonymous traffic away from them.
 */
@Configuration(proxyBeanMethods = false)
class EdgeSecurity {

    private static final String AUTHORIZATION_SERVER = "auth";

    private static final Logger log = LoggerFactory.getLogger(EdgeSecurity.class);

    /** Each bearer token's signature is checked once, not on every request (see {@link VerifiedTokens}). */
    @Bean
    static BeanPostProcessor verifiedTokens() {
        return VerifiedTokens.wrapping(Clock.systemUTC());
    }

    /**
     * No span or timer around each filter of the chain, each authentication and each authorization: they cost CPU on
     * every request and feed no dashboard or alert; the request's own trace and timer stay.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain edgeSecurityFilterChain(HttpSecurity http, Problems problems) {
        AuthenticationEntryPoint unauthenticated = unauthenticated(problems);
        AccessDeniedHandler forbidden = forbidden(problems);
        http.authorizeHttpRequests(requests -> requests
                        // token endpoint, JWKS and metadata of the authorization server behind us, and its sign-in
                        // form and sign-out for the console
                        .requestMatchers("/oauth2/**", "/.well-known/**", "/login", "/connect/logout").permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll()
                        // API documentation: the services' OpenAPI descriptions and the browsable UI
                        .requestMatchers("/docs/*", "/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs/**").permitAll()
                        // an error dispatch renders a failure of a request that was already authorized
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults())
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden)
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <F extends BearerTokenAuthenticationFilter> F postProcess(F filter) {
                                filter.setAuthenticationFailureHandler(tokenCheckFailed(unauthenticated, problems));
                                return filter;
                            }
                        }))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .cors(Customizer.withDefaults())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .csrf(AbstractHttpConfigurer::disable);
        return http.build();
    }

    private static AuthenticationEntryPoint unauthenticated(Problems problems) {
        // the bearer entry point sets status and the RFC 6750 WWW-Authenticate header; the body is ours
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, exception) -> {
            bearer.commence(request, response, exception);
            problems.write(response, Problems.problem(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                    "A valid bearer token is required.", request));
        };
    }

    /**
     * A token that cannot be checked at all, because the issuer's keys cannot be fetched, says nothing about the
     * caller: answer that the authorization server is unavailable instead of letting the exception become a 500.
     */
    private static AuthenticationFailureHandler tokenCheckFailed(AuthenticationEntryPoint unauthenticated,
            Problems problems) {
        return (request, response, exception) -> {
            if (!(exception instanceof AuthenticationServiceException)) {
                unauthenticated.commence(request, response, exception);
                return;
            }
            log.warn("Cannot check bearer token for {} {}: {}", request.getMethod(), request.getRequestURI(),
                    exception.getMessage());
            ProblemDetail problem = Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
                    "Tokens cannot be checked while the authorization server is unavailable; please try again shortly.",
                    request);
            problem.setProperty(Problems.SERVICE, AUTHORIZATION_SERVER);
            problems.write(response, problem);
        };
    }

    private static AccessDeniedHandler forbidden(Problems problems) {
        BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
        return (request, response, exception) -> {
            bearer.handle(request, response, exception);
            problems.write(response, Problems.problem(HttpStatus.FORBIDDEN, "FORBIDDEN",
                    "This token may not be used for this request.", request));
        };
    }
}
