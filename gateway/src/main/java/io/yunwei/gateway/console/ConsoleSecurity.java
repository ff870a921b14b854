package io.yunwei.gateway.console;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The console is a backend-for-frontend: the browser signs in with the authorization-code grant and PKCE against the
 * configured issuer and from then on holds only a session cookie (HttpOnly, SameSite=Lax); the tokens stay in the
 * server-side session. Its pages are matched before the bearer-token API's chain, which stays as it was. Every form
 * carries a CSRF token, the Content-Security-Policy allows no inline script, and signing out ends the issuer's session
 * too (OpenID Connect RP-initiated logout).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleSecurity {

    /** The console's own paths; everything else is the API's chain. */
    static final String[] PATHS = {"/", "/desk", "/desk/**", "/board", "/board/**", "/supervisor", "/supervisor/**",
            "/field", "/field/**", "/portal", "/portal/**", "/signin/**", "/signed-out", "/logout", "/forbidden",
            "/console/**", "/webjars/**"};

    /** Each role's home page, in the order a person with several roles is sent to them. */
    static final List<Map.Entry<String, String>> HOMES = List.of(Map.entry("AGENT", "/desk"),
            Map.entry("DISPATCHER", "/board"), Map.entry("SUPERVISOR", "/supervisor"), Map.entry("ADMIN", "/supervisor"),
            Map.entry("ENGINEER", "/field"), Map.entry("CUSTOMER", "/portal"));

    static final String ROLES_CLAIM = "roles";

    @Bean
    @Order(1)
    SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http, ConsoleProperties console,
            ClientRegistrationRepository registrations, OAuth2AuthorizedClientRepository authorizedClients) {
        DefaultOAuth2AuthorizationRequestResolver authorizationRequests =
                new DefaultOAuth2AuthorizationRequestResolver(registrations, "/signin/authorize");
        // PKCE for a confidential client as well: a stolen code is useless without the verifier kept in the session
        authorizationRequests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.securityMatcher(PATHS)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/signin/**", "/signed-out", "/forbidden", "/console/**", "/webjars/**").permitAll()
                        .requestMatchers("/desk", "/desk/**").hasAnyRole("AGENT", "ADMIN")
                        .requestMatchers("/board", "/board/**").hasAnyRole("DISPATCHER", "ADMIN")
                        .requestMatchers("/supervisor", "/supervisor/**").hasAnyRole("SUPERVISOR", "ADMIN")
                        .requestMatchers("/field", "/field/**").hasRole("ENGINEER")
                        .requestMatchers("/portal", "/portal/**").hasRole("CUSTOMER")
                        .anyRequest().authenticated())
                .oauth2Login(login -> login
                        .loginPage("/signin/authorize/" + ConsoleProperties.REGISTRATION)
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(authorizationRequests))
                        .redirectionEndpoint(endpoint -> endpoint.baseUri("/signin/callback/*"))
                        .authorizedClientRepository(authorizedClients)
                        .userInfoEndpoint(userInfo -> userInfo.userAuthoritiesMapper(rolesFromIdToken()))
                        .defaultSuccessUrl("/", false))
                // another role's page: 403, with a page in the person's language saying so
                .exceptionHandling(handling -> handling.accessDeniedHandler(SessionEnded.accessDenied("/forbidden"))
                        // an htmx request after the session ended: the whole page signs in again, not the fragment
                        .authenticationEntryPoint(SessionEnded.entryPoint(
                                "/signin/authorize/" + ConsoleProperties.REGISTRATION)))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessHandler(endIssuerSession(console))
                        .deleteCookies(SESSION_COOKIE))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy(console)))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frames -> frames.deny()));
        return http.build();
    }

    static final String SESSION_COOKIE = "YUNWEI_SESSION";

    /** Scripts and styles only from the gateway itself; forms only to it and to the issuer's sign-in and sign-out. */
    static String contentSecurityPolicy(ConsoleProperties console) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "form-action 'self' " + console.issuerOrigin() + "; frame-ancestors 'none'; base-uri 'self'; "
                + "object-src 'none'";
    }

    @Bean
    ClientRegistrationRepository consoleClientRegistrations(ConsoleProperties console) {
        ClientRegistration registration = ClientRegistration.withRegistrationId(ConsoleProperties.REGISTRATION)
                .clientId(console.clientId())
                .clientSecret(console.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(console.redirectUri())
                .scope(OidcScopes.OPENID)
                .authorizationUri(console.authorizationEndpoint())
                .tokenUri(console.tokenEndpoint())
                .jwkSetUri(console.jwkSet())
                // the ID token's iss is checked against it; given here, no discovery call is made at startup
                .issuerUri(console.issuer())
                .userNameAttributeName(IdTokenClaimNames.SUB)
                .clientName("Yunwei")
                .build();
        return new InMemoryClientRegistrationRepository(registration);
    }

    /** The signed-in user's tokens live in their session and end with it. */
    @Bean
    OAuth2AuthorizedClientRepository consoleAuthorizedClients() {
        return new HttpSessionOAuth2AuthorizedClientRepository();
    }

    /** Gets the user's access token for a call, refreshing it when it has expired. */
    @Bean
    OAuth2AuthorizedClientManager consoleAuthorizedClientManager(ClientRegistrationRepository registrations,
            OAuth2AuthorizedClientRepository authorizedClients) {
        DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registrations,
                authorizedClients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode().refreshToken().build());
        return manager;
    }

    /** The issuer's {@code roles} claim, as the services read it from the access token, becomes the user's roles. */
    static GrantedAuthoritiesMapper rolesFromIdToken() {
        return authorities -> {
            Set<GrantedAuthority> mapped = new HashSet<>(authorities);
            for (GrantedAuthority authority : authorities) {
                if (authority instanceof OidcUserAuthority oidc) {
                    List<String> roles = oidc.getIdToken().getClaimAsStringList(ROLES_CLAIM);
                    if (roles != null) {
                        roles.forEach(role -> mapped.add(new SimpleGrantedAuthority("ROLE_" + role)));
                    }
                }
            }
            return mapped;
        };
    }

    /** After the session here has ended, the browser goes to the issuer to end the session there as well. */
    static LogoutSuccessHandler endIssuerSession(ConsoleProperties console) {
        return (request, response, authentication) -> {
            String target = console.signedOutUrl();
            if (authentication != null && authentication.getPrincipal() instanceof OidcUser user) {
                target = UriComponentsBuilder.fromUriString(console.endSessionEndpoint())
                        .queryParam("id_token_hint", user.getIdToken().getTokenValue())
                        .queryParam("client_id", console.clientId())
                        .queryParam("post_logout_redirect_uri", console.signedOutUrl())
                        .encode().build().toUriString();
            }
            response.sendRedirect(target);
        };
    }

    /** The page a person is sent to after signing in: their first role's. */
    static String home(Authentication authentication) {
        Set<String> roles = new HashSet<>();
        authentication.getAuthorities().forEach(a -> roles.add(a.getAuthority()));
        return HOMES.stream().filter(e -> roles.contains("ROLE_" + e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse("/signed-out");
    }
}
