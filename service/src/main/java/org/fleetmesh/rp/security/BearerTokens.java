package org.fleetmesh.rp.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * Which bearer tokens authenticate a caller: one signed with a key of the issuer the token names (only configured
 * issuers count), for one of the configured audiences, within its lifetime. Whether the authenticated caller may
 * call at all (ARM's application only) is {@link SecurityConfig#allowedCaller}'s decision.
 */
final class BearerTokens {

    private BearerTokens() {
    }

    /** Production's signing keys: each issuer's JWKS, fetched and cached by Nimbus. */
    static NimbusJwtDecoder publishedKeys(AuthProperties.Issuer issuer) {
        return NimbusJwtDecoder.withJwkSetUri(issuer.jwkSetUri().toString()).build();
    }

    /**
     * Refuses configurations under which no caller, or too many callers, would be let in, before the service
     * takes a request: a deployment that starts must be able to authenticate ARM.
     */
    static void checkConfiguration(AuthProperties auth) {
        if (auth.issuers().isEmpty()) {
            return;
        }
        if (auth.allowedClientIds().isEmpty()) {
            throw new IllegalStateException("fleetmesh.auth.allowed-client-ids is empty: name the applications allowed to "
                    + "call the service (ARM's application id), or any user's token for the audience would be accepted.");
        }
        if (auth.audiences().isEmpty() || auth.audiences().stream().anyMatch(a -> a == null || a.isBlank())) {
            throw new IllegalStateException("fleetmesh.auth.audiences is empty or has an empty entry: name the resource "
                    + "provider application's App ID URI and client id, or every token would be refused.");
        }
    }

    /**
     * Picks the authentication manager by the token's (not yet verified) issuer; a token of any other issuer finds
     * none and is refused.
     *
     * @param keys the signature check of one configured issuer; {@link #publishedKeys} outside tests
     */
    static AuthenticationManagerResolver<String> byIssuer(AuthProperties auth, Optional<LocalTokenIssuer> local,
            Function<AuthProperties.Issuer, NimbusJwtDecoder> keys) {
        Map<String, AuthenticationManager> managers = new HashMap<>();
        for (AuthProperties.Issuer issuer : auth.issuers()) {
            managers.put(issuer.issuer(), manager(keys.apply(issuer), issuer.issuer(), auth.audiences()));
        }
        local.ifPresent(l -> managers.put(LocalTokenIssuer.ISSUER, manager(NimbusJwtDecoder.withPublicKey(l.publicKey())
                .build(), LocalTokenIssuer.ISSUER, auth.audiences())));
        return managers::get;
    }

    private static AuthenticationManager manager(NimbusJwtDecoder decoder, String issuer, List<String> audiences) {
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.stream().anyMatch(audiences::contains));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer), audience));
        return new JwtAuthenticationProvider(new VerifiedTokens(decoder))::authenticate;
    }
}
