package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** clusterMeshProfiles: created NotConnected, deleted asynchronously (202 then poll); apply has its own test. */
class ClusterMeshProfileContractTest extends ContractTestSupport {

    private static final String SELECTOR = "{\"properties\":{\"memberSelector\":{\"byLabel\":\"env=prod\"}}}";

    @Test
    void aNewProfileStoresItsSelectorAndIsNotConnected() {
        createFleet("rg", "f1");
        Completed creation = call("PUT", profilePath("rg", "f1", "p1"), PREVIEW).body(SELECTOR).complete();
        assertThat(creation.accepted().status()).isEqualTo(201);
        assertThat(creation.accepted().json().path("properties").path("provisioningState").asString()).isEqualTo("Accepted");
        JsonNode profile = creation.result().json();
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
    void deleteIsAsynchronousAndItsMonitorsReportTheOutcome() {
        createFleet("rg", "f1");
        createProfile("rg", "f1", "p1", "env=prod");
        Completed deletion = call("DELETE", profilePath("rg", "f1", "p1"), PREVIEW).complete();
        Response accepted = deletion.accepted();
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.text()).isEmpty();
        URI status = URI.create(accepted.header("Azure-AsyncOperation"));
        JsonNode operation = deletion.operation();
        assertThat(operation.path("status").asString()).isEqualTo("Succeeded");
        assertThat(operation.path("name").asString()).isEqualTo(status.getPath().substring(status.getPath().lastIndexOf('/') + 1));
        assertThat(operation.path("id").asString()).isEqualTo(status.getPath());
        assertThat(operation.path("percentComplete").asDouble()).isEqualTo(100.0);
        assertThat(operation.path("startTime").asString()).isNotBlank();
        assertThat(operation.path("endTime").asString()).isNotBlank();
        assertThat(deletion.result().status()).isEqualTo(200);
        assertThat(call("GET", profilePath("rg", "f1", "p1"), PREVIEW).send().status()).isEqualTo(404);
        assertThat(call("DELETE", profilePath("rg", "f1", "p1"), PREVIEW).send().status()).isEqualTo(204);
    }

    @Test
    void operationMonitorsAreScopedToTheSubscriptionThatStartedThem() {
        createFleet("rg", "f1");
        createProfile("rg", "f1", "p1", "env=prod");
        URI status = URI.create(call("DELETE", profilePath("rg", "f1", "p1"), PREVIEW).send().header("Azure-AsyncOperation"));
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
