package org.fleetmesh.rp.security;

import java.time.Duration;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /local/token}: mints a one-hour bearer token on a developer's machine (local profile only). */
@RestController
@Profile("local")
class LocalTokenController {

    private static final Duration LIFETIME = Duration.ofHours(1);

    private final LocalTokenIssuer issuer;

    LocalTokenController(LocalTokenIssuer issuer) {
        this.issuer = issuer;
    }

    @PostMapping(path = LocalTokenIssuer.TOKEN_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> token(@RequestParam(defaultValue = "developer@fleetmesh.local") String user) {
        return Map.of("access_token", issuer.mint(user, LIFETIME), "token_type", "Bearer",
                "expires_in", LIFETIME.toSeconds());
    }
}
