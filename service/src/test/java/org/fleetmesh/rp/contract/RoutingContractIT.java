package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;

/** ARM RPC §1: URL shapes, case-insensitivity, names, api-versions, request and response headers, limits. */
class RoutingContractIT extends ContractTestSupport {

    @Test
    void trackedResourceAnswersPutGetPatchAndDeleteAtItsArmPath() {
        assertThat(call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\"}").send().status()).isEqualTo(201);
        assertThat(call("GET", fleetPath("rg", "f1"), PREVIEW).send().status()).isEqualTo(200);
        Completed patched = call("PATCH", fleetPath("rg", "f1"), PREVIEW).body("{\"tags\":{\"a\":\"b\"}}").complete();
        assertThat(patched.accepted().status()).isEqualTo(200);
        assertThat(call("DELETE", fleetPath("rg", "f1"), PREVIEW).complete().accepted().status()).isEqualTo(200);
    }

    @Test
    void emptyPathSegmentsAreReadAsTheAzureSdksSendThem() {
        createFleet("rg", "f1");
        // A resource id appended to an endpoint ending in '/', and the empty parent path of a top-level resource.
        assertThat(call("GET", "/" + fleetPath("rg", "f1"), PREVIEW).outsideContract().send().status()).isEqualTo(200);
        assertThat(call("GET", resourceGroupPath("rg") + "//fleets/f1", PREVIEW).outsideContract().send().json()
                .path("name").asString()).isEqualTo("f1");
    }

    @Test
    void fleetsAreListedByResourceGroupAndBySubscription() {
        createFleet("rg-a", "f1");
        createFleet("rg-b", "f2");
        assertThat(call("GET", resourceGroupPath("rg-a") + "/fleets", PREVIEW).send().json().path("value"))
                .extracting(f -> f.path("name").asString()).containsExactly("f1");
        assertThat(call("GET", "/subscriptions/" + subscription + "/providers/Microsoft.ContainerService/fleets", PREVIEW)
                .send().json().path("value")).extracting(f -> f.path("name").asString()).containsExactly("f1", "f2");
    }

    @Test
    void nestedResourcesHaveCollectionGets() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "m1", null);
        createProfile("rg", "f1", "p1", "env=prod");
        assertThat(call("GET", fleetPath("rg", "f1") + "/members", PREVIEW).send().json().path("value")).hasSize(1);
        assertThat(call("GET", fleetPath("rg", "f1") + "/clusterMeshProfiles", PREVIEW).send().json().path("value")).hasSize(1);
    }

    @Test
    void operationsListIsTenantWide() {
        Response operations = call("GET", "/providers/Microsoft.ContainerService/operations", STABLE).send();
        assertThat(operations.status()).isEqualTo(200);
        assertThat(operations.json().path("value")).extracting(o -> o.path("name").asString())
                .contains("Microsoft.ContainerService/register/action", "Microsoft.ContainerService/fleets/write",
                        "Microsoft.ContainerService/fleets/clusterMeshProfiles/apply/action");
        operations.json().path("value").forEach(o -> {
            assertThat(o.path("isDataAction").isBoolean()).isTrue();
            assertThat(o.path("display").path("provider").asString()).isNotBlank();
            assertThat(o.path("display").path("description").asString()).isNotBlank();
        });
    }

    @Test
    void resourceGroupNamesAndLiteralSegmentsMatchCaseInsensitively() {
        createFleet("rG1", "fleet1");
        String shouted = "/SUBSCRIPTIONS/" + subscription + "/RESOURCEGROUPS/RG1/PROVIDERS/microsoft.containerservice/FLEETS/FLEET1";
        Response found = call("GET", shouted, PREVIEW).invalidRequest().send();
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("name").asString()).isEqualTo("fleet1");
    }

    @Test
    void theCallersLatestCasingOfANameIsKept() {
        createFleet("rg", "fleet1");
        assertThat(call("PUT", fleetPath("RG", "FLEET1"), PREVIEW).body("{\"location\":\"westus\"}").invalidRequest().send().status())
                .isEqualTo(200);
        Response found = call("GET", fleetPath("rg", "fleet1"), PREVIEW).send();
        assertThat(found.json().path("name").asString()).isEqualTo("FLEET1");
        assertThat(found.json().path("id").asString()).endsWith("/resourceGroups/RG/providers/Microsoft.ContainerService/fleets/FLEET1");
    }

    @Test
    void invalidResourceNamesAreRefusedNamingTheParameter() {
        assertInvalidName(fleetPath("rg", "under_score"), "fleetName");
        assertInvalidName(fleetPath("rg", "a".repeat(64)), "fleetName");
        assertInvalidName(fleetPath("rg", "-leading"), "fleetName");
        assertInvalidName(fleetPath("ends.", "f1"), "resourceGroupName");
        assertInvalidName(fleetPath("r".repeat(91), "f1"), "resourceGroupName");
        createFleet("rg", "f1");
        assertInvalidName(memberPath("rg", "f1", "m".repeat(51)), "fleetMemberName");
    }

    private void assertInvalidName(String path, String target) {
        Response refused = call("PUT", path, PREVIEW).body("{\"location\":\"westus\",\"properties\":{}}").invalidRequest().send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("InvalidResourceName");
        assertThat(refused.json().path("error").path("target").asString()).isEqualTo(target);
    }

    @Test
    void subscriptionIdMustBeAGuid() {
        Response refused = call("GET", "/subscriptions/not-a-guid/providers/Microsoft.ContainerService/fleets", PREVIEW)
                .invalidRequest().send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("InvalidSubscriptionId");
    }

    @Test
    void aMissingApiVersionIsRefused() {
        Response refused = call("GET", fleetPath("rg", "f1")).send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("MissingApiVersionParameter");
        assertThat(refused.json().path("error").path("message").asString()).contains("api-version");
    }

    @Test
    void anUnsupportedApiVersionIsRefusedNamingTheSupportedOnes() {
        Response refused = call("GET", fleetPath("rg", "f1"), "2023-10-15").send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("NoRegisteredProviderFound");
        assertThat(refused.json().path("error").path("message").asString())
                .contains("2025-03-01", "2026-03-02-preview", "2026-06-01", "2026-06-02-preview");
    }

    @Test
    void clusterMeshProfilesExistOnlyInPreviewApiVersions() {
        createFleet("rg", "f1");
        Response refused = call("GET", profilePath("rg", "f1", "p1"), STABLE).outsideContract().send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("NoRegisteredProviderFound");
        assertThat(refused.json().path("error").path("message").asString())
                .contains("fleets/clusterMeshProfiles").contains("2026-06-02-preview").doesNotContain("'2026-06-01,");
        assertThat(call("GET", profilePath("rg", "f1", "p1"), OLD_PREVIEW).send().errorCode()).isEqualTo("ResourceNotFound");
    }

    @Test
    void anUnknownResourceTypeIsNotFound() {
        Response refused = call("GET", fleetPath("rg", "f1") + "/updateRuns/run1", PREVIEW).outsideContract().send();
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.errorCode()).isEqualTo("InvalidResourceType");
    }

    @Test
    void anUnsupportedMethodIsRefusedWithAnArmError() {
        createFleet("rg", "f1");
        Response refused = call("PATCH", profilePath("rg", "f1", "p1"), PREVIEW).body("{}").outsideContract().send();
        assertThat(refused.status()).isEqualTo(405);
        assertThat(refused.errorCode()).isEqualTo("MethodNotAllowed");
    }

    @Test
    void everyResponseHasItsOwnRequestIdAndEchoesTheCorrelationId() {
        Response first = call("GET", fleetPath("rg", "missing"), PREVIEW).header("x-ms-correlation-request-id", "corr-1").send();
        Response second = call("GET", fleetPath("rg", "missing"), PREVIEW).send();
        assertThat(first.header("x-ms-request-id")).isNotBlank().isNotEqualTo(second.header("x-ms-request-id"));
        assertThat(first.header("x-ms-correlation-request-id")).isEqualTo("corr-1");
        assertThat(second.header("x-ms-correlation-request-id")).isNotBlank();
    }

    @Test
    void responsesCarryDateAndAJsonContentTypeWhenTheyHaveABody() {
        Response created = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\"}").send();
        assertThat(created.header("Date")).isNotBlank();
        assertThat(created.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void theClientRequestIdIsEchoedOnlyWhenAsked() {
        Response silent = call("GET", fleetPath("rg", "missing"), PREVIEW).header("x-ms-client-request-id", "c-1").send();
        Response echoed = call("GET", fleetPath("rg", "missing"), PREVIEW).header("x-ms-client-request-id", "c-2")
                .header("x-ms-return-client-request-id", "true").send();
        assertThat(silent.header("x-ms-client-request-id")).isNull();
        assertThat(echoed.header("x-ms-client-request-id")).isEqualTo("c-2");
    }

    @Test
    void aBodyOverFourMegabytesIsRefused() {
        createFleet("rg", "f1");
        String huge = "{\"location\":\"westus\",\"tags\":{\"a\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}}";
        Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW).body(huge).invalidRequest().send();
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.errorCode()).isEqualTo("RequestContentTooLarge");
    }

    @Test
    void healthProbesNeedNoTokenOnTheManagementPort() {
        assertThat(call("GET", "/actuator/health/liveness").onManagementPort().withoutToken().send().status()).isEqualTo(200);
        assertThat(call("GET", "/actuator/health/readiness").onManagementPort().withoutToken().send().status()).isEqualTo(200);
    }

    @Test
    void theApiPortServesNoActuatorEndpoint() {
        Response anonymous = call("GET", "/actuator/prometheus").withoutToken().outsideContract().send();
        assertThat(anonymous.status()).isEqualTo(404);
        assertThat(anonymous.text()).doesNotContain("fleetmesh_operations");
        assertThat(call("GET", "/actuator/health").withoutToken().outsideContract().send().status()).isEqualTo(404);
        assertThat(call("GET", "/actuator/env").withoutToken().outsideContract().send().status()).isEqualTo(401);
    }
}
