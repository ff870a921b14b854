package io.yunwei.chassis.security;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.chassis.web.ProblemWriter;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Every service validates the bearer token again (defence in depth behind the gateway): issuer, signature,
 * expiry and audience by Spring Security's resource-server support; roles come from the {@code roles} claim, and a
 * token with none of the product's roles is refused everywhere.
 */
public final class ResourceServerSecurity {

    /** Every role a caller of the API may have (SPEC, "Users and roles"). */
    public static final String[] ROLES = { "CUSTOMER", "AGENT", "DISPATCHER", "ENGINEER", "SUPERVISOR", "ADMIN" };

    private ResourceServerSecurity() {
    }

    public static SecurityFilterChain filterChain(HttpSecurity http, ProblemWriter problems) throws Exception {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles());
        http.authorizeHttpRequests(requests -> requests
                .requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll()
                .requestMatchers("/v3/api-docs", "/v3/api-docs/**").permitAll()
                // deny by default: a valid token that carries none of the product's roles (an identity provider
                // left unconfigured) may call nothing, rather than whatever an operation forgot to restrict
                .anyRequest().hasAnyRole(ROLES))
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint((request, response, e) -> unauthenticated(problems, response))
                        .accessDeniedHandler((request, response, e) -> forbidden(problems, response)))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) -> unauthenticated(problems, response))
                        .accessDeniedHandler((request, response, e) -> forbidden(problems, response)))
                .addFilterBefore(new IdentityProviderUnavailableFilter(problems), BearerTokenAuthenticationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    private static Converter<Jwt, Collection<GrantedAuthority>> roles() {
        return jwt -> {
            List<String> roles = jwt.getClaimAsStringList(Actor.ROLES_CLAIM);
            return roles == null ? List.of()
                    : roles.stream().<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
        };
    }

    private static void forbidden(ProblemWriter problems, HttpServletResponse response) throws IOException {
        problems.write(response, new ApiProblem(HttpStatus.FORBIDDEN, "FORBIDDEN", "Your role may not do this."));
    }

    private static void unauthenticated(ProblemWriter problems, HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        problems.write(response,
                new ApiProblem(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "A valid bearer token is required."));
    }
}
