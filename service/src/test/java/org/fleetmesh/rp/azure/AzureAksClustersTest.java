package org.fleetmesh.rp.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import java.time.Duration;
import java.util.List;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.member.domain.AksCluster;
import org.fleetmesh.rp.testing.TestAzure;
import org.fleetmesh.simulator.SimulatedAzure;
import org.fleetmesh.simulator.SimulatedClusterSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading AKS clusters from a simulated Azure: one GET yields the SDK's model and the fields it lacks. */
class AzureAksClustersTest {

    private static SimulatedAzure azure;
    private static AzureAksClusters clusters;

    @BeforeAll
    static void startAzure() {
        azure = TestAzure.start();
        clusters = new AzureAksClusters(SimulatedAzureCalls.calls(azure, SimulatedAzureCalls.PATIENT));
        azure.addCluster(SimulatedClusterSpec.meshable(clusterId("wireguard-aks"), "10.10.0.0/16").toBuilder()
                .transitEncryption("WireGuard").build());
        azure.addCluster(SimulatedClusterSpec.meshable(clusterId("plain-aks"), "10.20.0.0/16"));
        azure.addCluster(SimulatedClusterSpec.meshable(clusterId("older-aks"), "10.30.0.0/16").toBuilder()
                .transitEncryption(null).build());
        azure.addCluster(SimulatedClusterSpec.meshable(clusterId("locked-aks"), "10.40.0.0/16"));
        azure.forbid(clusterId("locked-aks"));
    }

    @AfterAll
    static void stopAzure() {
        azure.close();
    }

    @BeforeEach
    void noFaultsNorRequests() {
        azure.clearFaults();
        azure.resetRequests();
    }

    static String clusterId(String name) {
        return "/subscriptions/" + SimulatedAzureCalls.SUBSCRIPTION + "/resourceGroups/clusters/providers/"
                + "Microsoft.ContainerService/managedClusters/" + name;
    }

    @Test
    void aClusterReadCarriesItsTransitEncryptionBesideTheSdksFieldsFromOneGet() {
        AksCluster cluster = clusters.get(clusterId("wireguard-aks"));

        assertThat(cluster.network().transitEncryption()).isEqualTo("WireGuard");
        assertThat(cluster.resourceId()).isEqualTo(clusterId("wireguard-aks"));
        assertThat(cluster.name()).isEqualTo("wireguard-aks");
        assertThat(cluster.location()).isEqualTo("eastus");
        assertThat(cluster.kubernetesVersion()).isEqualTo("1.33.2");
        assertThat(cluster.provisioningState()).isEqualTo("Succeeded");
        assertThat(cluster.powerState()).isEqualTo("Running");
        assertThat(cluster.aadManaged()).isFalse();
        assertThat(cluster.localAccountsDisabled()).isFalse();
        assertThat(cluster.network()).isEqualTo(new AksCluster.Network("azure", null, "cilium", "cilium",
                List.of("10.10.0.0/16"), List.of("10.0.0.0/16"), true, "WireGuard"));
        String vnet = "/subscriptions/" + SimulatedAzureCalls.SUBSCRIPTION + "/resourceGroups/clusters/providers/"
                + "Microsoft.Network/virtualNetworks/clusters-vnet";
        assertThat(cluster.agentPools()).containsExactly(new AksCluster.AgentPool("nodepool1",
                vnet + "/subnets/wireguard-aks-nodes", vnet + "/subnets/wireguard-aks-pods"));
        assertThat(azure.requestCount("GET", ".*/managedClusters/wireguard-aks")).isEqualTo(1);
        assertThat(azure.requestCount("GET", ".*")).isEqualTo(1);
    }

    @Test
    void aClusterWithoutEncryptionReportsNoneOrNothing() {
        assertThat(clusters.get(clusterId("plain-aks")).network().transitEncryption()).isEqualTo("None");
        assertThat(clusters.get(clusterId("older-aks")).network().transitEncryption()).isNull();
        assertThat(azure.requestCount("GET", ".*/managedClusters/plain-aks")).isEqualTo(1);
        assertThat(azure.requestCount("GET", ".*/managedClusters/older-aks")).isEqualTo(1);
    }

    @Test
    void theReadUsesTheApiVersionOfTheSdksOwnClusterReads() {
        AzureCalls arm = SimulatedAzureCalls.calls(azure, SimulatedAzureCalls.PATIENT);
        arm.manager(ContainerServiceManager.configure(), SimulatedAzureCalls.SUBSCRIPTION,
                ContainerServiceManager.Configurable::authenticate)
                .serviceClient().getManagedClusters().getByResourceGroup("clusters", "plain-aks");
        clusters.get(clusterId("plain-aks"));

        assertThat(azure.requests()).filteredOn(request -> request.contains("/managedClusters/plain-aks"))
                .hasSize(2)
                .allSatisfy(request -> assertThat(request).endsWith("?api-version=" + AzureAksClusters.API_VERSION));
    }

    @Test
    void aClusterThatDoesNotExistIsClusterNotFound() {
        assertThatThrownBy(() -> clusters.get(clusterId("never-created")))
                .isInstanceOfSatisfying(ArmException.class, failure -> {
                    assertThat(failure.code()).isEqualTo(ErrorCode.CLUSTER_NOT_FOUND);
                    assertThat(failure.getMessage()).contains(clusterId("never-created"), "ResourceNotFound");
                });
    }

    @Test
    void aClusterTheServiceMayNotReadIsAuthorizationFailedNamingItsIdentityAndThePermission() {
        assertThatThrownBy(() -> clusters.get(clusterId("locked-aks")))
                .isInstanceOfSatisfying(ArmException.class, failure -> {
                    assertThat(failure.code()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
                    assertThat(failure.getMessage()).contains(TestAzure.CLIENT_ID,
                            "Microsoft.ContainerService/managedClusters/read", clusterId("locked-aks"));
                });
        assertThat(azure.requestCount("GET", ".*/managedClusters/locked-aks")).isEqualTo(1);
    }

    @Test
    void throttlingIsRetriedAfterTheDelayAzureAsksFor() {
        azure.throttleNext(1, Duration.ofSeconds(1));
        long started = System.nanoTime();

        assertThat(clusters.get(clusterId("wireguard-aks")).network().transitEncryption()).isEqualTo("WireGuard");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(azure.requestCount("GET", ".*/managedClusters/wireguard-aks")).isEqualTo(2);
    }

    @Test
    void aServerErrorIsRetried() {
        azure.failNext(1, 503);

        assertThat(clusters.get(clusterId("plain-aks")).name()).isEqualTo("plain-aks");
        assertThat(azure.requestCount("GET", ".*/managedClusters/plain-aks")).isEqualTo(2);
    }

    @Test
    void serverErrorsOutlastingTheRetriesAreAzureRequestFailed() {
        azure.failNext(3, 500);

        assertThatThrownBy(() -> clusters.get(clusterId("plain-aks")))
                .isInstanceOfSatisfying(ArmException.class, failure -> {
                    assertThat(failure.code()).isEqualTo(ErrorCode.AZURE_REQUEST_FAILED);
                    assertThat(failure.getMessage()).contains("status 500", "InternalServerError");
                });
        assertThat(azure.requestCount("GET", ".*/managedClusters/plain-aks")).isEqualTo(3);
    }

    @Test
    void anAnswerLaterThanTheCallTimeoutIsAzureRequestTimedOut() {
        AzureAksClusters impatient = new AzureAksClusters(SimulatedAzureCalls.calls(azure, Duration.ofSeconds(2)));
        impatient.get(clusterId("plain-aks")); // a token first, so the timeout below is the read's alone
        azure.delayNext(1, Duration.ofSeconds(4));
        long started = System.nanoTime();

        assertThatThrownBy(() -> impatient.get(clusterId("plain-aks")))
                .isInstanceOfSatisfying(ArmException.class, failure -> {
                    assertThat(failure.code()).isEqualTo(ErrorCode.AZURE_REQUEST_TIMED_OUT);
                    assertThat(failure.getMessage()).contains("within 2 seconds");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3500));
    }

    @Test
    void credentialsStillComeThroughTheSharedCalls() {
        AksCluster cluster = clusters.get(clusterId("plain-aks"));

        assertThat(clusters.credentials(cluster).kubeconfig()).contains("server:");
        assertThat(azure.requestCount("POST", ".*/managedClusters/plain-aks/listClusterAdminCredential")).isEqualTo(1);
    }
}
