package org.fleetmesh.rp.security;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which bearer tokens the service accepts.
 *
 * @param audience the {@code aud} a token must carry (ARM's own audience in production)
 * @param issuers  trusted issuers, each with the JWKS its signing keys are published at
 */
@ConfigurationProperties("fleetmesh.auth")
public record AuthProperties(String audience, List<Issuer> issuers) {

    public AuthProperties {
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
    }

    public record Issuer(String issuer, URI jwkSetUri) {
    }
}
