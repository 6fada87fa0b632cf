package org.fleetmesh.rp.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** A valid token is not enough: only the applications the configuration names (ARM's) may call. */
class AllowedCallerTest {

    private static final String ARM = "11111111-1111-1111-1111-111111111111";
    private final AuthProperties auth = new AuthProperties(List.of("https://fleetmesh.example.com"),
            List.of(new AuthProperties.Issuer("https://login.example.com/tenant/v2.0", null)), List.of(ARM));

    @Test
    void armsApplicationMayCall() {
        assertThat(SecurityConfig.allowedCaller(token(Map.of("iss", "https://login.example.com/tenant/v2.0", "appid", ARM)), auth)
                .isGranted()).isTrue();
        assertThat(SecurityConfig.allowedCaller(token(Map.of("iss", "https://login.example.com/tenant/v2.0", "azp", ARM)), auth)
                .isGranted()).isTrue();
    }

    @Test
    void aUsersOwnTokenForTheSameAudienceMayNot() {
        assertThat(SecurityConfig.allowedCaller(token(Map.of("iss", "https://login.example.com/tenant/v2.0",
                "appid", "04b07795-8ddb-461a-bbee-02f9e1bf7b46", "upn", "someone@contoso.com")), auth).isGranted()).isFalse();
        assertThat(SecurityConfig.allowedCaller(token(Map.of("iss", "https://login.example.com/tenant/v2.0")), auth)
                .isGranted()).isFalse();
    }

    @Test
    void theLocalProfilesOwnTokensNeedNoApplication() {
        assertThat(SecurityConfig.allowedCaller(token(Map.of("iss", LocalTokenIssuer.ISSUER, "upn", "dev")), auth).isGranted())
                .isTrue();
    }

    private static JwtAuthenticationToken token(Map<String, Object> claims) {
        Jwt.Builder jwt = Jwt.withTokenValue("t").header("alg", "RS256").issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
        claims.forEach(jwt::claim);
        return new JwtAuthenticationToken(jwt.build(), List.of());
    }
}
