package io.yunwei.chassis.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    /** Stands for the signature check: counts its calls and accepts every token but "forged". */
    private final AtomicInteger checks = new AtomicInteger();
    private final JwtDecoder signatureCheck = token -> {
        checks.incrementAndGet();
        if (token.equals("forged")) {
            throw new BadJwtException("bad signature");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("agent").issuedAt(NOW)
                .expiresAt(NOW.plus(Duration.ofHours(1))).build();
    };

    private VerifiedTokens at(Instant instant) {
        return new VerifiedTokens(signatureCheck, Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void checksTheSignatureOfATokenOnceForManyRequests() {
        VerifiedTokens tokens = at(NOW);
        for (int i = 0; i < 100; i++) {
            assertThat(tokens.decode("token-a").getSubject()).isEqualTo("agent");
        }
        tokens.decode("token-b");
        assertThat(checks).hasValue(2);
    }

    @Test
    void neverRemembersARefusedToken() {
        VerifiedTokens tokens = at(NOW);
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(checks).hasValue(2);
    }

    @Test
    void checksARememberedTokenAgainAfterFiveMinutes() {
        var clock = new MutableClock(NOW);
        VerifiedTokens tokens = new VerifiedTokens(signatureCheck, clock);
        tokens.decode("token-a");
        clock.now = NOW.plus(Duration.ofMinutes(4));
        tokens.decode("token-a");
        assertThat(checks).hasValue(1);
        clock.now = NOW.plus(Duration.ofMinutes(5));
        tokens.decode("token-a");
        assertThat(checks).hasValue(2);
    }

    @Test
    void doesNotAnswerAnExpiredTokenFromMemory() {
        var clock = new MutableClock(NOW.plus(Duration.ofMinutes(58)));
        JwtDecoder refusesExpired = token -> {
            if (clock.instant().isAfter(NOW.plus(Duration.ofHours(1)).plus(VerifiedTokens.CLOCK_SKEW))) {
                throw new BadJwtException("expired");
            }
            return signatureCheck.decode(token);
        };
        VerifiedTokens tokens = new VerifiedTokens(refusesExpired, clock);
        tokens.decode("token-a");
        clock.now = NOW.plus(Duration.ofHours(1)).plus(VerifiedTokens.CLOCK_SKEW).plusSeconds(1);
        assertThatThrownBy(() -> tokens.decode("token-a")).isInstanceOf(BadJwtException.class);
    }

    @Test
    void staysWithinItsBoundWhenManyTokensArrive() {
        VerifiedTokens tokens = at(NOW);
        for (int i = 0; i < VerifiedTokens.MAX_TOKENS * 2 + 5; i++) {
            tokens.decode("token-" + i);
        }
        assertThat(tokens.size()).isLessThanOrEqualTo(VerifiedTokens.MAX_TOKENS);
    }

    private static final class MutableClock extends Clock {

        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
