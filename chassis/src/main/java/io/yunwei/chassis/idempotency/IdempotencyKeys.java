package io.yunwei.chassis.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.http.HttpStatus;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one reading of the {@code Idempotency-Key} header: 1 to {@value #MAX_LENGTH} characters, scoped to the caller,
 * with a digest of the request it came with; and the one count of answers replayed.
 */
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    /** Set on a response that answers a retry with the first request's response. */
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final int MAX_LENGTH = 200;

    private final JsonMapper canonical;
    private final Counter replays;

    public IdempotencyKeys(JsonMapper json, MeterRegistry meters) {
        // the request as parsed, map entries in key order, so equal requests hash alike however they were written
        this.canonical = json.rebuild().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
        this.replays = Counter.builder("yunwei.idempotency.replays")
                .description("Requests answered with the first response to their Idempotency-Key (a retry)")
                .register(meters);
    }

    /**
     * The key of the current request, or null when it was sent without one.
     *
     * @param request what identifies the request besides its method and path: the parsed body, or for an upload
     *        the file's SHA-256 with the form fields
     */
    public IdempotencyKey of(String header, Object request) {
        if (header == null) {
            return null;
        }
        check(header);
        HttpServletRequest http = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
        String text = http.getMethod() + " " + http.getRequestURI() + "\n" + canonical.writeValueAsString(request);
        return new IdempotencyKey(Actor.current().orElseThrow().subject(), header, sha256(text));
    }

    /** Refuses a key that is blank or too long (400, naming the header). */
    public static void check(String header) {
        if (header.isBlank() || header.length() > MAX_LENGTH) {
            throw ApiProblem.invalidField(HEADER, "must have 1 to " + MAX_LENGTH + " characters");
        }
    }

    /** Counts a request answered with its first response. */
    public void replayed() {
        replays.increment();
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The problem for a key sent again with a different request. */
    public static ApiProblem reused() {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "IDEMPOTENCY_KEY_REUSED",
                "This Idempotency-Key was used for a different request; use a new key for a new request.");
    }
}
