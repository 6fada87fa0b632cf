package org.fleetmesh.rp.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A configuration that would let anyone, or no one, in stops the service before it takes a request. */
class BearerTokensTest {

    private static final List<AuthProperties.Issuer> ENTRA = List.of(new AuthProperties.Issuer(
            "https://sts.windows.net/tenant/", URI.create("https://login.microsoftonline.com/tenant/discovery/keys")));
    private static final List<String> ARM = List.of("11111111-1111-1111-1111-111111111111");

    @Test
    void issuersWithoutAllowedApplicationsAreRefused() {
        assertThatThrownBy(() -> BearerTokens.checkConfiguration(new AuthProperties(List.of("api://rp"), ENTRA, List.of())))
                .hasMessageContaining("allowed-client-ids");
    }

    @Test
    void issuersWithoutAnAudienceOrWithAnEmptyOneAreRefused() {
        assertThatThrownBy(() -> BearerTokens.checkConfiguration(new AuthProperties(List.of(), ENTRA, ARM)))
                .hasMessageContaining("fleetmesh.auth.audiences");
        assertThatThrownBy(() -> BearerTokens.checkConfiguration(new AuthProperties(List.of("api://rp", " "), ENTRA, ARM)))
                .hasMessageContaining("fleetmesh.auth.audiences");
    }

    @Test
    void aCompleteConfigurationAndTheLocalProfilesEmptyOneStart() {
        assertThatCode(() -> BearerTokens.checkConfiguration(new AuthProperties(List.of("api://rp", "22222222-2222-2222-"
                + "2222-222222222222"), ENTRA, ARM))).doesNotThrowAnyException();
        assertThatCode(() -> BearerTokens.checkConfiguration(new AuthProperties(List.of("https://management.azure.com/"),
                List.of(), List.of()))).doesNotThrowAnyException();
    }
}
