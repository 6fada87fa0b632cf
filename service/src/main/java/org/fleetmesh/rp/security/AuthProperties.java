package org.fleetmesh.rp.security;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which bearer tokens the service accepts.
 *
 * @param audience         the {@code aud} a token must carry: the resource provider's own application
 * @param issuers          trusted issuers, each with the JWKS its signing keys are published at
 * @param allowedClientIds the applications ({@code appid} or {@code azp}) allowed to call: ARM's, in production.
 *                         A valid token of any other application is refused, so a user's own token cannot
 *                         bypass ARM's authorisation by calling the service directly
 */
@ConfigurationProperties("fleetmesh.auth")
public record AuthProperties(String audience, List<Issuer> issuers, List<String> allowedClientIds) {

    public AuthProperties {
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
        allowedClientIds = allowedClientIds == null ? List.of() : List.copyOf(allowedClientIds);
    }

    public record Issuer(String issuer, URI jwkSetUri) {
    }
}
