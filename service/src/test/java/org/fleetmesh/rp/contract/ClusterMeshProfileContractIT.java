package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * clusterMeshProfiles: written and deleted synchronously, as Azure's service answers (they change no cluster; apply
 * does, and has its own test); created NotConnected.
 */
class ClusterMeshProfileContractIT extends ContractTestSupport {

    private static final String SELECTOR = "{\"properties\":{\"memberSelector\":{\"byLabel\":\"env=prod\"}}}";

    @Test
    void aNewProfileStoresItsSelectorAndIsNotConnected() {
        createFleet("rg", "f1");
        Response creation = call("PUT", profilePath("rg", "f1", "p1"), PREVIEW).body(SELECTOR).send();
        assertThat(creation.status()).isEqualTo(201);
        assertThat(creation.header("Azure-AsyncOperation")).as("nothing to poll").isNull();
        assertThat(creation.header("ETag")).isEqualTo(creation.json().path("eTag").asString());
        JsonNode profile = creation.json();
        assertThat(profile.path("type").asString()).isEqualTo("Microsoft.ContainerService/fleets/clusterMeshProfiles");
        assertThat(profile.path("properties").path("memberSelector").path("byLabel").asString()).isEqualTo("env=prod");
        assertThat(profile.path("properties").path("status").path("state").asString()).isEqualTo("NotConnected");
        assertThat(profile.path("properties").path("provisioningState").asString()).isEqualTo("Succeeded");
    }

    @Test
    void theSelectorCanBeReplacedAsTheCliDoes() {
        createFleet("rg", "f1");
        createProfile("rg", "f1", "p1", "env=prod");
        Completed replaced = call("PUT", profilePath("rg", "f1", "p1"), PREVIEW)
                .body("{\"properties\":{\"memberSelector\":{\"byLabel\":\"mesh=none\"}}}").complete();
        assertThat(replaced.accepted().status()).isEqualTo(200);
        assertThat(replaced.result().json().path("properties").path("memberSelector").path("byLabel").asString()).isEqualTo("mesh=none");
    }

    @Test
    void onlyKeyEqualsValueSelectorsAreAccepted() {
        createFleet("rg", "f1");
        Response refused = call("PUT", profilePath("rg", "f1", "p1"), PREVIEW)
                .body("{\"properties\":{\"memberSelector\":{\"byLabel\":\"env!=prod\"}}}").send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("InvalidMemberSelector");
        assertThat(refused.json().path("error").path("target").asString()).isEqualTo("properties.memberSelector.byLabel");
    }

    @Test
    void deleteIsSynchronousAndAnswers204AsAzureDoes() {
        createFleet("rg", "f1");
        createProfile("rg", "f1", "p1", "env=prod");
        Response deleted = call("DELETE", profilePath("rg", "f1", "p1"), PREVIEW).send();
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.header("Azure-AsyncOperation")).isNull();
        assertThat(call("GET", profilePath("rg", "f1", "p1"), PREVIEW).send().status()).isEqualTo(404);
        assertThat(call("DELETE", profilePath("rg", "f1", "p1"), PREVIEW).send().status()).isEqualTo(204);
    }

    @Test
    void operationMonitorsAreScopedToTheSubscriptionThatStartedThem() {
        createFleet("rg", "f1");
        // The PATCH completes at once; its operation's status URL is still readable, built from lastOperationId.
        String operation = call("PATCH", fleetPath("rg", "f1"), PREVIEW).body("{\"tags\":{\"team\":\"a\"}}").send().json()
                .at("/properties/status/lastOperationId").asString();
        URI status = URI.create("http://127.0.0.1/subscriptions/" + subscription
                + "/providers/Microsoft.ContainerService/locations/westus/operationStatuses/" + operation + "?api-version=" + PREVIEW);
        assertThat(call("GET", status.getRawPath() + "?" + status.getRawQuery()).send().json().path("status").asString())
                .isEqualTo("Succeeded");
        String otherSubscription = java.util.UUID.randomUUID().toString();
        Response foreign = call("GET", status.getRawPath().replace(subscription, otherSubscription) + "?" + status.getRawQuery()).send();
        assertThat(foreign.status()).isEqualTo(404);
        Response elsewhere = call("GET", status.getRawPath().replace("/locations/westus/", "/locations/eastus/") + "?"
                + status.getRawQuery()).send();
        assertThat(elsewhere.status()).isEqualTo(404);
        String unknown = status.getRawPath().substring(0, status.getRawPath().lastIndexOf('/') + 1) + java.util.UUID.randomUUID();
        assertThat(call("GET", unknown + "?" + status.getRawQuery()).send().status()).isEqualTo(404);
    }

    @Test
    void profilesAreListedByFleet() {
        createFleet("rg", "f1");
        call("PUT", profilePath("rg", "f1", "p2"), PREVIEW).body(SELECTOR).send();
        call("PUT", profilePath("rg", "f1", "p1"), OLD_PREVIEW).body(SELECTOR).send();
        Response listed = call("GET", fleetPath("rg", "f1") + "/clusterMeshProfiles", OLD_PREVIEW).send();
        assertThat(listed.json().path("value")).extracting(p -> p.path("name").asString()).containsExactly("p1", "p2");
        assertThat(listed.json().has("nextLink")).isFalse();
    }
}
