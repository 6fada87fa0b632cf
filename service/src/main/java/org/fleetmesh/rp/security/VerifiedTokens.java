package org.fleetmesh.rp.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A token's signature and claims checked once, then trusted until it expires: ARM sends the same token with every
 * request for the better part of an hour, and checking it anew (parsing, an RSA signature, the validators) cost a fleet
 * GET more than reading the fleet. The token text is the key, and the signature covers all of it, so a hit is the
 * token that passed; only time can make it invalid, and an entry is gone at the token's {@code exp}. A token that
 * failed is not kept: it is checked again each time.
 *
 * <p>What this gives up: a token signed with a key its issuer has since withdrawn from its JWKS stays accepted until
 * it expires, as it would with any verifier that caches the issuer's keys for as long.
 */
final class VerifiedTokens implements JwtDecoder {

    /** ARM calls with a few identities at a time; this bounds the memory if it ever were many more. */
    static final long MAX_TOKENS = 10_000;

    private final JwtDecoder verifier;
    private final InstantSource clock;
    private final Cache<String, Jwt> verified;

    VerifiedTokens(JwtDecoder verifier) {
        this(verifier, InstantSource.system(), Ticker.systemTicker());
    }

    /** @param clock what a token's expiry is compared with; {@code ticker} measures an entry's age for the cache */
    VerifiedTokens(JwtDecoder verifier, InstantSource clock, Ticker ticker) {
        this.verifier = verifier;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(MAX_TOKENS).ticker(ticker)
                .expireAfter(Expiry.creating((String token, Jwt jwt) -> untilExpiry(jwt))).build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        // The cache drops an entry at its expiry, but only as its ticker sees time: the clock has the last word.
        if (known != null && unexpired(known)) {
            return known;
        }
        Jwt jwt = verifier.decode(token);
        // One without an expiry, or accepted only within the validators' clock skew, is checked every time.
        if (unexpired(jwt)) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    private boolean unexpired(Jwt jwt) {
        return jwt.getExpiresAt() != null && clock.instant().isBefore(jwt.getExpiresAt());
    }

    private Duration untilExpiry(Jwt jwt) {
        Instant expires = jwt.getExpiresAt();
        return expires == null ? Duration.ZERO : Duration.between(clock.instant(), expires);
    }
}
