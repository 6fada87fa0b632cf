package org.fleetmesh.rp.security;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /local/token}: mints a one-hour bearer token on a developer's machine (local profile only), for callers
 * on that machine only: a token from here is a key to whatever Azure identity the service runs with.
 */
@RestController
@Profile("local")
class LocalTokenController {

    private static final Duration LIFETIME = Duration.ofHours(1);

    private final LocalTokenIssuer issuer;

    LocalTokenController(LocalTokenIssuer issuer) {
        this.issuer = issuer;
    }

    @PostMapping(path = LocalTokenIssuer.TOKEN_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> token(@RequestParam(defaultValue = "developer@fleetmesh.local") String user, HttpServletRequest request) {
        if (!isLoopback(request.getRemoteAddr())) {
            throw new ArmException(ErrorCode.AUTHORIZATION_FAILED, "The local profile mints tokens for callers on its own "
                    + "machine only. Ask from that machine (curl -X POST http://localhost:8080/local/token).",
                    LocalTokenIssuer.TOKEN_PATH);
        }
        return Map.of("access_token", issuer.mint(user, LIFETIME), "token_type", "Bearer",
                "expires_in", LIFETIME.toSeconds());
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }
}
