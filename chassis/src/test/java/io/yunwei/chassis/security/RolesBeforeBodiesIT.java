package io.yunwei.chassis.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.yunwei.chassis.testkit.InfrastructureInitializer;
import io.yunwei.chassis.web.ProblemHandler;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

/**
 * Over real HTTP with signed tokens, against a service that sets no events topic (so of the chassis only its
 * security, and the problem details this test adds, are configured): roles are still checked, and checked before
 * the body is read.
 */
@SpringBootTest(classes = RolesBeforeBodiesIT.GuardedService.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=no-such-configuration", "spring.application.name=guarded",
                "spring.mongodb.database=guarded" })
@ContextConfiguration(initializers = InfrastructureInitializer.class)
class RolesBeforeBodiesIT {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final RSAKey KEY = signingKey();
    private static final String MULTIPART = "multipart/form-data; boundary=b0undary";
    private static final String NO_BOUNDARY = "multipart/form-data";

    @LocalServerPort
    int port;

    @Test
    void checksRolesInAServiceWithoutAnEventsTopic() throws Exception {
        HttpResponse<String> response = post("/guarded", "CUSTOMER", "application/json", "{\"name\":\"valid\"}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"code\":\"FORBIDDEN\"");
    }

    @Test
    void refusesARoleThatMayNotCallTheOperationBeforeReadingItsBody() throws Exception {
        HttpResponse<String> response = post("/guarded", "CUSTOMER", "application/json", "{\"name\":");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(response.body()).contains("\"code\":\"FORBIDDEN\"");
    }

    @Test
    void stillValidatesTheBodyOfARoleThatMayCallTheOperation() throws Exception {
        HttpResponse<String> response = post("/guarded", "ADMIN", "application/json", "{}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"VALIDATION_FAILED\"");
    }

    @Test
    void refusesARoleThatMayNotUploadBeforeParsingTheUpload() throws Exception {
        HttpResponse<String> response = post("/guarded/files", "CUSTOMER", NO_BOUNDARY, "--x\r\n\r\n");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"code\":\"FORBIDDEN\"");
    }

    @Test
    void stillTellsARoleThatMayUploadThatItsUploadIsBroken() throws Exception {
        HttpResponse<String> response = post("/guarded/files", "ADMIN", NO_BOUNDARY, "--x\r\n\r\n");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"MALFORMED_MULTIPART\"");
    }

    @Test
    void stillParsesTheUploadOfARoleThatMayUpload() throws Exception {
        String upload = """
                --b0undary\r
                Content-Disposition: form-data; name="file"; filename="note.txt"\r
                Content-Type: text/plain\r
                \r
                hello\r
                --b0undary--\r
                """;

        HttpResponse<String> response = post("/guarded/files", "ADMIN", MULTIPART, upload);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"bytes\":5");
    }

    @Test
    void refusesEveryoneAWriteOperationThatDeclaresNoRoles() throws Exception {
        assertThat(post("/undeclared", "ADMIN", "application/json", "{\"name\":\"valid\"}").statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> post(String path, String role, String contentType, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path))
                .header("Authorization", "Bearer " + token(role)).header("Content-Type", contentType)
                .POST(BodyPublishers.ofString(body, StandardCharsets.UTF_8)).timeout(Duration.ofSeconds(10)).build(),
                BodyHandlers.ofString());
    }

    private static String token(String role) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(role.toLowerCase()).claim("roles", List.of(role))
                        .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(KEY));
        return jwt.serialize();
    }

    private static RSAKey signingKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("test").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Not a {@code @SpringBootConfiguration}: other tests of this package must still find the sample service. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({ GuardedController.class, ProblemHandler.class })
    static class GuardedService {

        @Bean
        JwtDecoder jwtDecoder() throws JOSEException {
            return NimbusJwtDecoder.withPublicKey(KEY.toRSAPublicKey()).build();
        }
    }

    @RestController
    static class GuardedController {

        record Thing(@NotBlank String name) {
        }

        @PostMapping("/api/v1/guarded")
        @PreAuthorize("hasRole('ADMIN')")
        Thing create(@Valid @RequestBody Thing thing) {
            return thing;
        }

        @PostMapping(path = "/api/v1/guarded/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
        @PreAuthorize("hasRole('ADMIN')")
        Map<String, Long> upload(@RequestPart("file") MultipartFile file) {
            return Map.of("bytes", file.getSize());
        }

        @PostMapping("/api/v1/undeclared")
        Thing undeclared(@Valid @RequestBody Thing thing) {
            return thing;
        }
    }
}
