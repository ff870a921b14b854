package io.yunwei.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

class ConsoleSecurityTest {

    @Test
    void sendsEachRoleToItsHome() {
        assertThat(ConsoleSecurity.home(new TestingAuthenticationToken("a", "", "ROLE_AGENT"))).isEqualTo("/desk");
        assertThat(ConsoleSecurity.home(new TestingAuthenticationToken("d", "", "ROLE_DISPATCHER"))).isEqualTo("/board");
        assertThat(ConsoleSecurity.home(new TestingAuthenticationToken("s", "", "ROLE_ADMIN"))).isEqualTo("/supervisor");
        assertThat(ConsoleSecurity.home(new TestingAuthenticationToken("e", "", "ROLE_ENGINEER"))).isEqualTo("/field");
        assertThat(ConsoleSecurity.home(new TestingAuthenticationToken("c", "", "ROLE_CUSTOMER"))).isEqualTo("/portal");
    }

    @Test
    void givesTheRolesOfTheIdTokensRolesClaim() {
        OidcIdToken idToken = new OidcIdToken("token", Instant.now(), Instant.now().plusSeconds(60),
                Map.of("sub", "agent", "roles", List.of("AGENT")));

        Set<GrantedAuthority> mapped = Set.copyOf(ConsoleSecurity.rolesFromIdToken()
                .mapAuthorities(List.of(new OidcUserAuthority(idToken))));

        assertThat(mapped).extracting(GrantedAuthority::getAuthority).contains("ROLE_AGENT");
    }

    @Test
    void letsFormsGoOnlyToTheGatewayAndTheIssuer() {
        ConsoleProperties console = new ConsoleProperties("https://sso.example.com/realms/yunwei", "console", "s", null,
                null, null, null, "https://desk.example.com", null, java.time.ZoneId.of("Asia/Shanghai"));

        assertThat(ConsoleSecurity.contentSecurityPolicy(console))
                .contains("form-action 'self' https://sso.example.com;").contains("script-src 'self';");
    }
}
