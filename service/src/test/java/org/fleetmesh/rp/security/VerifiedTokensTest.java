package org.fleetmesh.rp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** A token is verified once and trusted until its expiry; a refused token is refused again, not remembered. */
class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private final AtomicLong nanos = new AtomicLong();
    private Instant now = NOW;
    private final List<String> verifications = new ArrayList<>();

    /** Verifies "valid-N" (expiring N minutes after NOW) and "no-expiry"; refuses anything else. */
    private final JwtDecoder verifier = token -> {
        verifications.add(token);
        if (token.equals("no-expiry")) {
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("arm").build();
        }
        if (!token.startsWith("valid-")) {
            throw new BadJwtException("signature does not match");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("arm").issuedAt(NOW.minusSeconds(60))
                .expiresAt(NOW.plus(Duration.ofMinutes(Long.parseLong(token.substring("valid-".length()))))).build();
    };

    private final VerifiedTokens tokens = new VerifiedTokens(verifier, () -> now, nanos::get);

    @Test
    void aTokenIsVerifiedOnceWhileItIsValid() {
        Jwt first = tokens.decode("valid-60");
        Jwt again = tokens.decode("valid-60");
        tokens.decode("valid-30");

        assertThat(again).isSameAs(first);
        assertThat(verifications).containsExactly("valid-60", "valid-30");
    }

    @Test
    void anExpiredTokenIsVerifiedAgainSoItsVerifierRefusesIt() {
        tokens.decode("valid-5");
        later(Duration.ofMinutes(6));

        tokens.decode("valid-5");

        assertThat(verifications).containsExactly("valid-5", "valid-5");
    }

    @Test
    void aRefusedTokenIsRefusedEveryTime() {
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);

        assertThat(verifications).containsExactly("forged", "forged");
    }

    @Test
    void aTokenWithoutAnExpiryIsVerifiedEveryTime() {
        tokens.decode("no-expiry");
        tokens.decode("no-expiry");

        assertThat(verifications).containsExactly("no-expiry", "no-expiry");
    }

    private void later(Duration elapsed) {
        now = now.plus(elapsed);
        nanos.addAndGet(elapsed.toNanos());
    }
}
