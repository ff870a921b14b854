package io.yunwei.chassis.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A {@link JwtDecoder} that checks each token's signature, issuer and audience once, with the decoder it wraps, and
 * answers the same token from memory afterwards: a client sends the same token for an hour, and an RSA check on
 * every request was a tenth of a service's CPU. A remembered token is still refused once it has expired (with the
 * wrapped decoder's clock skew), and is checked again after {@link #RECHECK_AFTER} so that a signing key the issuer
 * withdraws stops being trusted within minutes. Refused tokens are not remembered.
 */
public final class VerifiedTokens implements JwtDecoder {

    /** How long a verified token is answered from memory before its signature is checked again. */
    static final Duration RECHECK_AFTER = Duration.ofMinutes(5);
    /** The skew Spring Security's timestamp validator allows, kept so a remembered token expires when it would. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    static final int MAX_TOKENS = 10_000;

    private record Verified(Jwt jwt, Instant recheckAt) {
    }

    private final JwtDecoder decoder;
    private final Clock clock;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    public VerifiedTokens(JwtDecoder decoder, Clock clock) {
        this.decoder = decoder;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Verified known = verified.get(token);
        if (known != null && now.isBefore(known.recheckAt()) && !expired(known.jwt(), now)) {
            return known.jwt();
        }
        Jwt jwt = decoder.decode(token);
        if (verified.size() >= MAX_TOKENS) {
            verified.values().removeIf(v -> !now.isBefore(v.recheckAt()) || expired(v.jwt(), now));
            if (verified.size() >= MAX_TOKENS) {
                verified.clear();
            }
        }
        verified.put(token, new Verified(jwt, now.plus(RECHECK_AFTER)));
        return jwt;
    }

    int size() {
        return verified.size();
    }

    private static boolean expired(Jwt jwt, Instant now) {
        Instant expiresAt = jwt.getExpiresAt();
        return expiresAt != null && !now.isBefore(expiresAt.plus(CLOCK_SKEW));
    }

    /** Wraps the application's {@link JwtDecoder}, whichever configuration made it. */
    public static BeanPostProcessor wrapping(Clock clock) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof JwtDecoder decoder && !(bean instanceof VerifiedTokens)
                        ? new VerifiedTokens(decoder, clock) : bean;
            }
        };
    }
}
