package org.fleetmesh.rp.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * A token issuer for the {@code local} profile only, so the service can be tried without Entra ID. Its key
 * pair lives in memory and dies with the process: tokens from an earlier run are not accepted.
 */
@Component
@Profile("local")
public class LocalTokenIssuer {

    public static final String ISSUER = "https://fleetmesh.local/";
    public static final String TOKEN_PATH = "/local/token";

    private final KeyPair keys;
    private final Clock clock;
    private final String audience;

    LocalTokenIssuer(Clock clock, AuthProperties auth) throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.keys = generator.generateKeyPair();
        this.clock = clock;
        this.audience = auth.primaryAudience();
    }

    RSAPublicKey publicKey() {
        return (RSAPublicKey) keys.getPublic();
    }

    /** A token for a user principal, valid for the given lifetime (negative for an already expired one). */
    public String mint(String user, Duration lifetime) {
        return mint(user, audience, lifetime);
    }

    public String mint(String user, String tokenAudience, Duration lifetime) {
        var expiry = clock.instant().plus(lifetime);
        var issued = lifetime.isNegative() ? expiry.minus(Duration.ofHours(1)) : clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(tokenAudience)
                .subject(user)
                .claim("upn", user)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(issued))
                .notBeforeTime(Date.from(issued))
                .expirationTime(Date.from(expiry))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(keys.getPrivate()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a local token", e);
        }
    }
}
