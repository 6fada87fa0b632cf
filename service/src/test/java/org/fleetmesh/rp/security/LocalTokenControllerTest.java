package org.fleetmesh.rp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
import org.fleetmesh.rp.arm.ArmException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The local profile's token endpoint hands out keys to the service's Azure identity: to this machine only. */
class LocalTokenControllerTest {

    private final LocalTokenController controller;

    LocalTokenControllerTest() throws NoSuchAlgorithmException {
        controller = new LocalTokenController(new LocalTokenIssuer(Clock.systemUTC(),
                new AuthProperties(List.of("https://management.azure.com/"), List.of(), List.of())));
    }

    @Test
    void callersOnThisMachineGetAToken() {
        for (String loopback : List.of("127.0.0.1", "127.8.9.10", "0:0:0:0:0:0:0:1")) {
            assertThat(controller.token("dev@fleetmesh.local", from(loopback))).containsKey("access_token");
        }
    }

    @Test
    void aCallerFromAnotherAddressIsRefused() {
        for (String remote : List.of("10.1.2.3", "192.168.0.7", "fe80::1")) {
            assertThatThrownBy(() -> controller.token("dev@fleetmesh.local", from(remote)))
                    .isInstanceOfSatisfying(ArmException.class, refused -> {
                        assertThat(refused.status()).isEqualTo(403);
                        assertThat(refused.getMessage()).contains("own machine");
                    });
        }
    }

    private static MockHttpServletRequest from(String address) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", LocalTokenIssuer.TOKEN_PATH);
        request.setRemoteAddr(address);
        return request;
    }
}
