package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** ARM RPC §4 and authentication: every failure is an ARM error body, with its code in x-ms-error-code. */
class ErrorContractIT extends ContractTestSupport {

    @Test
    void errorsHaveTheArmShapeAndTheCodeHeader() {
        Response missing = call("GET", fleetPath("rg", "nope"), PREVIEW).send();
        JsonNode error = missing.json().path("error");
        assertThat(error.path("code").asString()).isEqualTo("ResourceNotFound");
        assertThat(error.path("message").asString()).isNotBlank();
        assertThat(error.path("target").asString()).isEqualTo("nope");
        assertThat(missing.header("x-ms-error-code")).isEqualTo("ResourceNotFound");
        assertThat(missing.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void severalProblemsInOneBodyAreAllReportedAsDetails() {
        Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW)
                .body("{\"location\":\"westus\",\"colour\":\"red\",\"properties\":{\"size\":1}}").invalidRequest().send();
        JsonNode details = refused.json().path("error").path("details");
        assertThat(details).extracting(d -> d.path("target").asString()).containsExactlyInAnyOrder("colour", "properties.size");
    }

    @Test
    void aCallWithoutATokenIsUnauthorizedWithAnArmBody() {
        Response refused = call("GET", fleetPath("rg", "f1"), PREVIEW).withoutToken().send();
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("AuthenticationFailed");
        assertThat(refused.header("x-ms-error-code")).isEqualTo("AuthenticationFailed");
        assertThat(refused.header("x-ms-request-id")).isNotBlank();
    }

    @Test
    void anExpiredTokenIsRefused() {
        Response refused = call("GET", fleetPath("rg", "f1"), PREVIEW)
                .header("Authorization", "Bearer " + tokens.mint("late@contoso.com", Duration.ofMinutes(-10))).send();
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("ExpiredAuthenticationToken");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        Response refused = call("GET", fleetPath("rg", "f1"), PREVIEW)
                .header("Authorization", "Bearer " + tokens.mint("eve@contoso.com", "https://graph.microsoft.com/",
                        Duration.ofMinutes(5))).send();
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("InvalidAuthenticationToken");
    }

    @Test
    void aTokenFromAnUntrustedIssuerOrWithABadSignatureIsRefused() {
        String token = tokens.mint("eve@contoso.com", Duration.ofMinutes(5));
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        Response badSignature = call("GET", fleetPath("rg", "f1"), PREVIEW)
                .header("Authorization", "Bearer " + forged).send();
        assertThat(badSignature.status()).isEqualTo(401);
        assertThat(badSignature.errorCode()).isEqualTo("InvalidAuthenticationToken");
        Response garbage = call("GET", fleetPath("rg", "f1"), PREVIEW)
                .header("Authorization", "Bearer not-a-jwt").send();
        assertThat(garbage.status()).isEqualTo(401);
    }

    @Test
    void noFailureLeaksAStackTraceOrSpringsDefaultPage() {
        Response odd = call("GET", "/this/path/does/not/exist?api-version=" + PREVIEW).outsideContract().send();
        assertThat(odd.status()).isEqualTo(404);
        assertThat(odd.errorCode()).isEqualTo("InvalidResourceType");
        assertThat(odd.text()).doesNotContain("Exception").doesNotContain("\"trace\"").doesNotContain("Whitelabel");
    }

    @Test
    void aWrongContentTypeIsRefused() {
        createFleet("rg", "f1");
        Response refused = call("PATCH", fleetPath("rg", "f1"), PREVIEW).body("tags=a").header("Content-Type", "text/plain")
                .outsideContract().send();
        assertThat(refused.status()).isEqualTo(415);
        assertThat(refused.errorCode()).isEqualTo("UnsupportedMediaType");
    }
}
