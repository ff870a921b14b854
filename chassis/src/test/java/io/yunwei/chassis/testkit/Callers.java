package io.yunwei.chassis.testkit;

import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;

/** Authenticated callers for MockMvc requests, with the claims the demo authorization server issues. */
public final class Callers {

    private Callers() {
    }

    public static RequestPostProcessor agent() {
        return caller("agent", "AGENT", null, null);
    }

    public static RequestPostProcessor customer(String customerId) {
        return caller("customer-" + customerId, "CUSTOMER", customerId, null);
    }

    public static RequestPostProcessor engineer(String engineerId) {
        return caller("engineer-" + engineerId, "ENGINEER", null, engineerId);
    }

    public static RequestPostProcessor role(String role) {
        return caller(role.toLowerCase(), role, null, null);
    }

    /** A valid token whose issuer put no role in it: a misconfigured identity provider. */
    public static RequestPostProcessor withoutRoles() {
        return jwt().jwt(token -> token.subject("misconfigured").claim("roles", List.of()))
                .authorities(List.<GrantedAuthority>of());
    }

    public static RequestPostProcessor caller(String subject, String role, String customerId, String engineerId) {
        return jwt().jwt(token -> {
            token.subject(subject).claim("roles", List.of(role));
            if (customerId != null) {
                token.claim("customer_id", customerId);
            }
            if (engineerId != null) {
                token.claim("engineer_id", engineerId);
            }
        }).authorities(new SimpleGrantedAuthority("ROLE_" + role));
    }
}
