package io.yunwei.chassis.security;

import java.util.List;
import java.util.Optional;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is calling, as the bearer token says: the client, its roles, and the customer organisation or engineer
 * it acts for, if any.
 */
public record Actor(String subject, List<String> roles, String customerId, String engineerId) {

    public static final String ROLES_CLAIM = "roles";
    public static final String CUSTOMER_CLAIM = "customer_id";
    public static final String ENGINEER_CLAIM = "engineer_id";

    public static Optional<Actor> current() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
            return Optional.of(from(token.getToken()));
        }
        return Optional.empty();
    }

    public static Actor from(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList(ROLES_CLAIM);
        return new Actor(jwt.getSubject(), roles == null ? List.of() : roles, jwt.getClaimAsString(CUSTOMER_CLAIM),
                jwt.getClaimAsString(ENGINEER_CLAIM));
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
