package org.fleetmesh.rp.security;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which bearer tokens the service accepts.
 *
 * @param audiences        the {@code aud} values a token may carry, any one of them: the resource provider's own
 *                         application. Entra ID puts the App ID URI in v1.0 tokens requested for it and the
 *                         application's client id in v2.0 tokens, so production lists both. The first one is the
 *                         audience the local profile mints its tokens for
 * @param issuers          trusted issuers, each with the JWKS its signing keys are published at. Entra ID issues
 *                         v1.0 tokens as {@code https://sts.windows.net/<tenant>/} and v2.0 tokens as
 *                         {@code https://login.microsoftonline.com/<tenant>/v2.0}: trust the ones the application
 *                         can be given
 * @param allowedClientIds the applications ({@code appid} or {@code azp}) allowed to call: ARM's, in production.
 *                         A valid token of any other application is refused, so a user's own token cannot
 *                         bypass ARM's authorisation by calling the service directly
 */
@ConfigurationProperties("fleetmesh.auth")
public record AuthProperties(List<String> audiences, List<Issuer> issuers, List<String> allowedClientIds) {

    public AuthProperties {
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
        allowedClientIds = allowedClientIds == null ? List.of() : List.copyOf(allowedClientIds);
    }

    /** The audience of the local profile's own tokens. */
    String primaryAudience() {
        return audiences.isEmpty() ? null : audiences.get(0);
    }

    public record Issuer(String issuer, URI jwkSetUri) {
    }
}
