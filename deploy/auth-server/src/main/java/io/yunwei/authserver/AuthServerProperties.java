package io.yunwei.authserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * How the local authorization server issues tokens, and to whom.
 *
 * @param issuer the public URL callers reach it by (through the gateway), written into every token's {@code iss}
 * @param audience the {@code aud} of every access token: the Yunwei API
 * @param accessTokenTimeToLive how long an access token is valid
 * @param keyFile where the RSA signing key is kept as JWK JSON; created on first start
 * @param clients the client-credentials clients allowed to get tokens; each is also a user of the sign-in form, with
 *        the same name, password and claims
 * @param console the browser console's client (authorization code with PKCE)
 */
@ConfigurationProperties("yunwei.auth")
public record AuthServerProperties(
        @DefaultValue("http://localhost:8080") String issuer,
        @DefaultValue("yunwei") String audience,
        @DefaultValue("1h") Duration accessTokenTimeToLive,
        @DefaultValue("data/auth-signing-key.json") Path keyFile,
        List<Client> clients,
        @DefaultValue Console console) {

    public AuthServerProperties {
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    /**
     * The gateway's console, which signs people in with the authorization-code grant and PKCE and keeps their tokens
     * on the server.
     *
     * @param clientId its client id
     * @param secret its client secret (a confidential client: the gateway, not the browser, redeems the code)
     * @param redirectUri where the code is sent; by default the gateway's callback under the issuer's URL
     * @param postLogoutRedirectUri where a signed-out user is sent back to; by default the gateway's signed-out page
     */
    public record Console(@DefaultValue("console") String clientId, @DefaultValue("console-secret") String secret,
            String redirectUri, String postLogoutRedirectUri) {
    }

    /** The console's redirect URI: the configured one, or the gateway's callback under the issuer's URL. */
    public String consoleRedirectUri() {
        return console.redirectUri() != null ? console.redirectUri() : issuer + "/signin/callback/yunwei";
    }

    public String consolePostLogoutRedirectUri() {
        return console.postLogoutRedirectUri() != null ? console.postLogoutRedirectUri() : issuer + "/signed-out";
    }

    /**
     * One client-credentials client and the actor its tokens speak for.
     *
     * @param id the client id, also the token's {@code sub}
     * @param secret the client secret
     * @param roles the {@code roles} claim
     * @param customerId the {@code customer_id} claim, for a customer organisation's client
     * @param engineerId the {@code engineer_id} claim, for a field engineer's client
     */
    public record Client(String id, String secret, List<String> roles, String customerId, String engineerId) {

        public Client {
            Assert.hasText(id, "a client needs an id");
            Assert.hasText(secret, () -> "client " + id + " needs a secret");
            Assert.notEmpty(roles, () -> "client " + id + " needs at least one role");
            roles = List.copyOf(roles);
        }
    }
}
