package io.yunwei.authserver.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import io.yunwei.authserver.AuthServerProperties;

/**
 * Registers the configured clients for the client-credentials grant, the console's client for the authorization-code
 * grant, and one user per client for the console's sign-in form; puts, into each access token (and the console's ID
 * token), the claims the services authorise by: {@code roles}, {@code customer_id} or {@code engineer_id}, and the
 * API audience.
 */
@Configuration(proxyBeanMethods = false)
class DemoClients {

    static final String ROLES = "roles";
    static final String CUSTOMER_ID = "customer_id";
    static final String ENGINEER_ID = "engineer_id";

    @Bean
    RegisteredClientRepository registeredClientRepository(AuthServerProperties properties) {
        TokenSettings tokens = TokenSettings.builder()
                .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                .accessTokenTimeToLive(properties.accessTokenTimeToLive())
                .build();
        // the same encoder the token endpoint matches secrets with
        PasswordEncoder secrets = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        List<RegisteredClient> clients = properties.clients().stream()
                .map(client -> RegisteredClient.withId(client.id())
                        .clientId(client.id())
                        .clientSecret(secrets.encode(client.secret()))
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                        .tokenSettings(tokens)
                        .build())
                .collect(Collectors.toCollection(ArrayList::new));
        AuthServerProperties.Console console = properties.console();
        clients.add(RegisteredClient.withId(console.clientId())
                .clientId(console.clientId())
                .clientSecret(secrets.encode(console.secret()))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUri(properties.consoleRedirectUri())
                .postLogoutRedirectUri(properties.consolePostLogoutRedirectUri())
                .scope(OidcScopes.OPENID)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(tokens)
                .build());
        return new InMemoryRegisteredClientRepository(clients);
    }

    /** The people of the sign-in form: one per demo client, with its name, secret and role. */
    @Bean
    UserDetailsService demoUsers(AuthServerProperties properties) {
        PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(properties.clients().stream()
                .map(client -> User.withUsername(client.id())
                        .password(passwords.encode(client.secret()))
                        .roles(client.roles().toArray(String[]::new))
                        .build())
                .toList());
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> actorClaims(AuthServerProperties properties) {
        Map<String, AuthServerProperties.Client> byId = properties.clients().stream()
                .collect(Collectors.toMap(AuthServerProperties.Client::id, Function.identity()));
        return context -> {
            boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
            if (!accessToken && !OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                return;
            }
            // a client speaks for itself; a user signed in through the console for the demo identity of that name
            AuthServerProperties.Client client = byId.get(context.getPrincipal().getName());
            if (client == null) {
                return;
            }
            if (accessToken) {
                context.getClaims().audience(List.of(properties.audience()));
            }
            context.getClaims().claim(ROLES, client.roles());
            if (client.customerId() != null) {
                context.getClaims().claim(CUSTOMER_ID, client.customerId());
            }
            if (client.engineerId() != null) {
                context.getClaims().claim(ENGINEER_ID, client.engineerId());
            }
        };
    }
}
