package io.yunwei.gateway.console;

import java.net.URI;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the console signs people in and where it calls the API.
 *
 * @param issuer the OpenID Connect issuer people sign in with (its {@code iss}); the endpoints below default to the
 *        paths Spring Authorization Server serves under it
 * @param clientId the console's client id at the issuer
 * @param clientSecret the console's client secret (a confidential client: the gateway redeems the code, with PKCE)
 * @param authorizationUri the issuer's authorization endpoint, which the browser is sent to
 * @param tokenUri the issuer's token endpoint, which the gateway calls
 * @param jwkSetUri the issuer's keys, which the ID token is checked with
 * @param endSessionUri the issuer's RP-initiated logout endpoint, which ends the session there too
 * @param publicUrl the console's URL as browsers reach it; the redirect and post-logout URIs are under it
 * @param apiUrl where the console calls the API: the gateway's own routes; by default this gateway's port on loopback
 * @param zone the time zone of the times agents type (when a fault occurred)
 */
@ConfigurationProperties("yunwei.console")
record ConsoleProperties(
        @DefaultValue("http://localhost:8080") String issuer,
        @DefaultValue("console") String clientId,
        String clientSecret,
        String authorizationUri,
        String tokenUri,
        String jwkSetUri,
        String endSessionUri,
        @DefaultValue("http://localhost:8080") String publicUrl,
        String apiUrl,
        @DefaultValue("Asia/Shanghai") ZoneId zone) {

    static final String REGISTRATION = "yunwei";

    String authorizationEndpoint() {
        return authorizationUri != null ? authorizationUri : issuer + "/oauth2/authorize";
    }

    String tokenEndpoint() {
        return tokenUri != null ? tokenUri : issuer + "/oauth2/token";
    }

    String jwkSet() {
        return jwkSetUri != null ? jwkSetUri : issuer + "/oauth2/jwks";
    }

    String endSessionEndpoint() {
        return endSessionUri != null ? endSessionUri : issuer + "/connect/logout";
    }

    String redirectUri() {
        return publicUrl + "/signin/callback/" + REGISTRATION;
    }

    String signedOutUrl() {
        return publicUrl + "/signed-out";
    }

    /** The issuer's origin, where the sign-in and sign-out forms may be sent. */
    String issuerOrigin() {
        URI uri = URI.create(issuer);
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
