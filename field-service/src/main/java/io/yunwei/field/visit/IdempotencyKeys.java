package io.yunwei.field.visit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Reads the {@code Idempotency-Key} of a creating request on a visit and fingerprints the request it came with. */
@Component
class IdempotencyKeys {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final int MAX_LENGTH = 200;

    private final JsonMapper canonical;

    IdempotencyKeys(JsonMapper json) {
        // the request as parsed, map entries in key order, so equal requests hash alike however they were written
        this.canonical = json.rebuild().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    }

    /**
     * The key of the current request, or null when it was sent without one.
     *
     * @param request what identifies the request besides its method and path: the parsed body, or for an upload
     *        the file's SHA-256 with the form fields
     */
    IdempotencyKey of(String header, Object request) {
        if (header == null) {
            return null;
        }
        if (header.isBlank() || header.length() > MAX_LENGTH) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "The request has invalid fields.")
                    .with("errors", List.of(Map.of("field", HEADER, "message", "must have 1 to " + MAX_LENGTH + " characters")));
        }
        HttpServletRequest http = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
        String text = http.getMethod() + " " + http.getRequestURI() + "\n" + canonical.writeValueAsString(request);
        return new IdempotencyKey(Actor.current().orElseThrow().subject(), header, sha256(text));
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
