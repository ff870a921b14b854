package io.yunwei.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** The authorization server over real HTTP, issuing tokens for the demo clients of the application.yml. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class AuthServerIT {

    @TempDir
    static Path keys;

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void keyFile(DynamicPropertyRegistry registry) {
        registry.add("yunwei.auth.key-file", () -> keys.resolve("auth-signing-key.json").toString());
    }

    @Test
    void issuesCustomerTokenForTheApiThroughTheGatewayIssuer() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(token(basic("customer-acme", "customer-acme-secret"))).getJWTClaimsSet();

        assertThat(claims.getSubject()).isEqualTo("customer-acme");
        assertThat(claims.getStringListClaim("roles")).containsExactly("CUSTOMER");
        assertThat(claims.getStringClaim("customer_id")).isEqualTo("acme");
        assertThat(claims.getClaim("engineer_id")).isNull();
        assertThat(claims.getAudience()).containsExactly("yunwei");
        assertThat(claims.getIssuer()).isEqualTo("http://localhost:8080");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofHours(1));
    }

    @ParameterizedTest
    @CsvSource({
            "agent, AGENT, , ",
            "dispatcher, DISPATCHER, , ",
            "supervisor, SUPERVISOR, , ",
            "admin, ADMIN, , ",
            "customer-acme, CUSTOMER, acme, ",
            "customer-globex, CUSTOMER, globex, ",
            "engineer-wang, ENGINEER, , eng-wang",
            "engineer-li, ENGINEER, , eng-li" })
    void givesEachDemoClientItsRoleAndActor(String client, String role, String customerId, String engineerId)
            throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(token(basic(client, client + "-secret"))).getJWTClaimsSet();

        assertThat(claims.getStringListClaim("roles")).containsExactly(role);
        assertThat(claims.getClaim("customer_id")).isEqualTo(customerId);
        assertThat(claims.getClaim("engineer_id")).isEqualTo(engineerId);
    }

    @Test
    void acceptsClientCredentialsInTheFormBody() throws Exception {
        HttpRequest request = tokenRequest("grant_type=client_credentials&client_id=engineer-wang&client_secret="
                + URLEncoder.encode("engineer-wang-secret", StandardCharsets.UTF_8)).build();

        HttpResponse<String> response = CLIENT.send(request, BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SignedJWT.parse(JsonPath.<String>read(response.body(), "$.access_token")).getJWTClaimsSet()
                .getStringClaim("engineer_id")).isEqualTo("eng-wang");
    }

    @Test
    void refusesWrongSecret() throws Exception {
        HttpRequest request = tokenRequest("grant_type=client_credentials")
                .header("Authorization", basic("agent", "dispatcher-secret")).build();

        HttpResponse<String> response = CLIENT.send(request, BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JsonPath.<String>read(response.body(), "$.error")).isEqualTo("invalid_client");
    }

    @Test
    void signsTokensWithTheKeyPublishedAsJwks() throws Exception {
        SignedJWT token = SignedJWT.parse(token(basic("agent", "agent-secret")));
        JWKSet jwks = JWKSet.parse(get("/oauth2/jwks").body());

        JWK key = jwks.getKeyByKeyId(token.getHeader().getKeyID());

        assertThat(token.verify(new RSASSAVerifier(key.toRSAKey()))).isTrue();
    }

    @Test
    void publishesTheKeyKeptInTheKeyFile() throws Exception {
        JWK kept = JWK.parse(Files.readString(keys.resolve("auth-signing-key.json")));

        JWKSet published = JWKSet.parse(get("/oauth2/jwks").body());

        assertThat(published.getKeys()).singleElement().isEqualTo(kept.toPublicJWK());
    }

    @Test
    void publishesMetadataNamingTheGatewayUrls() throws Exception {
        String metadata = get("/.well-known/oauth-authorization-server").body();

        assertThat(JsonPath.<String>read(metadata, "$.issuer")).isEqualTo("http://localhost:8080");
        assertThat(JsonPath.<String>read(metadata, "$.token_endpoint")).isEqualTo("http://localhost:8080/oauth2/token");
    }

    @Test
    void offersTheConsoleSignInWithPkceAndSignOut() throws Exception {
        String metadata = get("/.well-known/openid-configuration").body();

        assertThat(JsonPath.<String>read(metadata, "$.authorization_endpoint"))
                .isEqualTo("http://localhost:8080/oauth2/authorize");
        assertThat(JsonPath.<String>read(metadata, "$.end_session_endpoint"))
                .isEqualTo("http://localhost:8080/connect/logout");
        assertThat(JsonPath.<java.util.List<String>>read(metadata, "$.code_challenge_methods_supported"))
                .contains("S256");
    }

    @Test
    void sendsABrowserWithoutASessionToTheSignInForm() throws Exception {
        HttpResponse<String> authorize = CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/oauth2/authorize?response_type=code&client_id=console&scope=openid"
                        + "&redirect_uri=http://localhost:8080/signin/callback/yunwei&code_challenge_method=S256"
                        + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"))
                .header("Accept", "text/html").build(), BodyHandlers.ofString());
        HttpResponse<String> form = get("/login");

        assertThat(authorize.statusCode()).isEqualTo(302);
        assertThat(authorize.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login"));
        assertThat(authorize.headers().allValues("Set-Cookie")).anySatisfy(
                cookie -> assertThat(cookie).startsWith("YUNWEI_AUTH_SESSION=").contains("HttpOnly"));
        assertThat(form.body()).contains("name=\"username\"", "name=\"password\"", "name=\"_csrf\"");
    }

    @Test
    void answersHealthProbesWithoutCredentials() throws Exception {
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    private String token(String authorization) throws Exception {
        HttpRequest request = tokenRequest("grant_type=client_credentials").header("Authorization", authorization)
                .build();
        HttpResponse<String> response = CLIENT.send(request, BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonPath.read(response.body(), "$.access_token");
    }

    private HttpRequest.Builder tokenRequest(String form) {
        return HttpRequest.newBuilder(uri("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).GET().build(), BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
