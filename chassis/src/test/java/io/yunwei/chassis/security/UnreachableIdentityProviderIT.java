package io.yunwei.chassis.security;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import io.yunwei.chassis.testkit.IntegrationTest;

/** The service checks tokens itself; when the issuer's keys cannot be fetched the caller is told to retry. */
@IntegrationTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/oauth2/jwks")
class UnreachableIdentityProviderIT {

    @Autowired
    MockMvc mvc;

    @Test
    void answersServiceUnavailableWhenTheSigningKeysCannotBeFetched() throws Exception {
        mvc.perform(get("/anything").header("Authorization", "Bearer " + wellFormedToken()))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.code").value("IDENTITY_PROVIDER_UNAVAILABLE"))
                .andExpect(jsonPath("$.status").value(503));
    }

    @Test
    void stillRefusesAMalformedTokenAsUnauthenticated() throws Exception {
        mvc.perform(get("/anything").header("Authorization", "Bearer not-a-jwt"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
    }

    /** Structurally a signed JWT; its signature is never checked because the keys cannot be fetched. */
    private static String wellFormedToken() {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = url.encodeToString(("{\"sub\":\"agent\",\"iss\":\"http://localhost:8080\",\"aud\":\"yunwei\","
                + "\"exp\":4102444800}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + url.encodeToString(new byte[256]);
    }
}
