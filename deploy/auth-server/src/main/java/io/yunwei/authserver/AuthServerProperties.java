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
 * @param clients the client-credentials clients allowed to get tokens
 */
@ConfigurationProperties("yunwei.auth")
public record AuthServerProperties(
        @DefaultValue("http://localhost:8080") String issuer,
        @DefaultValue("yunwei") String audience,
        @DefaultValue("1h") Duration accessTokenTimeToLive,
        @DefaultValue("data/auth-signing-key.json") Path keyFile,
        List<Client> clients) {

    public AuthServerProperties {
        clients = clients == null ? List.of() : List.copyOf(clients);
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
