package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;

/**
 * Anyone may name any cluster id in a member's body. ARM checks the caller's right on it (the provider manifest's
 * linked access check); the service makes sure that naming a cluster it cannot read gains nothing: the failed member
 * holds no claim on it, and a refusal never tells a caller of another subscription whose fleet holds a cluster.
 */
class LinkedClusterAccessIT extends ContractTestSupport {

    private final String otherSubscription = UUID.randomUUID().toString();

    @Test
    void aMemberWhoseJoinCouldNotReadTheClusterHoldsNoClaimAndTheOwnerStillJoins() {
        String cluster = clusterId("owned-aks");
        assertThat(lifecycle(otherSubscription, "Registered").status()).isEqualTo(200);
        String squatterFleet = "/subscriptions/" + otherSubscription + "/resourceGroups/rg/providers/Microsoft.ContainerService"
                + "/fleets/squat";
        assertThat(call("PUT", squatterFleet, PREVIEW).body("{\"location\":\"westus\"}").complete().status())
                .isEqualTo("Succeeded");
        AZURE.forbid(cluster);
        try {
            Completed squatted = call("PUT", squatterFleet + "/members/grab", PREVIEW)
                    .body("{\"properties\":{\"clusterResourceId\":\"" + cluster + "\"}}").complete();
            assertThat(squatted.accepted().status()).isEqualTo(201);
            assertThat(squatted.status()).isEqualTo("Failed");
            assertThat(squatted.operation().at("/error/code").asString()).isEqualTo("AuthorizationFailed");
        } finally {
            AZURE.allow(cluster);
        }

        // The owner's own join goes through: the failed member in the other subscription claims nothing.
        createFleet("rg", "f1");
        Completed owned = call("PUT", memberPath("rg", "f1", "mine"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + cluster + "\"}}").complete();
        assertThat(owned.accepted().status()).as(owned.accepted().text()).isEqualTo(201);
        assertThat(owned.status()).isEqualTo("Succeeded");

        // Trying again from the other subscription is refused now, without naming the owner's fleet.
        Response again = call("PUT", squatterFleet + "/members/grab", PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + cluster + "\"}}").send();
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("ClusterAlreadyMember");
        assertThat(again.json().at("/error/message").asString()).contains("another subscription")
                .doesNotContain("/fleets/").doesNotContain("'mine'");
    }

    @Test
    void aMemberWhoseClusterWasMissingClaimsItAgainWhenItsPutIsRetried() {
        createFleet("rg", "f1");
        String missing = "/subscriptions/" + subscription + "/resourceGroups/clusters/providers/Microsoft.ContainerService/"
                + "managedClusters/not-yet";
        Completed failed = call("PUT", memberPath("rg", "f1", "early"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + missing + "\"}}").complete();
        assertThat(failed.status()).isEqualTo("Failed");
        assertThat(failed.operation().at("/error/code").asString()).isEqualTo("ClusterNotFound");

        cluster("not-yet");
        Completed retried = call("PUT", memberPath("rg", "f1", "early"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + missing + "\"}}").complete();
        assertThat(retried.status()).isEqualTo("Succeeded");
        Response second = call("PUT", memberPath("rg", "f1", "late"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + missing + "\"}}").send();
        assertThat(second.errorCode()).as("the retried join holds the cluster again").isEqualTo("ClusterAlreadyMember");
        assertThat(second.json().at("/error/message").asString()).contains("'early'");
    }
}
