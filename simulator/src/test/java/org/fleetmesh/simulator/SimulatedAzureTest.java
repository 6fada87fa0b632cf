package org.fleetmesh.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import com.azure.resourcemanager.containerservice.fluent.ManagedClustersClient;
import com.azure.resourcemanager.containerservice.fluent.models.ManagedClusterInner;
import com.azure.resourcemanager.containerservice.models.Code;
import com.azure.resourcemanager.containerservice.models.NetworkDataplane;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SimulatedAzureTest {

    private static final String TENANT = "11111111-2222-3333-4444-555555555555";
    private static final String SUBSCRIPTION = "6b1e0a2c-0000-4000-8000-000000000001";
    private static final String CLIENT_ID = "a0b1c2d3-0000-4000-8000-0000000000c1";
    private static final String MEMBER = "/subscriptions/" + SUBSCRIPTION
            + "/resourceGroups/fleet-rg/providers/Microsoft.ContainerService/managedClusters/member-1";

    private static SimulatedAzure azure;
    private static ContainerServiceManager manager;

    @BeforeAll
    static void startSimulatedAzure() {
        azure = SimulatedAzure.start(JvmTrustsSimulatedAzure.IDENTITY);
        manager = newManager();
    }

    /** A manager with its own credential, hence its own token cache. */
    private static ContainerServiceManager newManager() {
        ClientSecretCredential credential = new ClientSecretCredentialBuilder()
                .tenantId(TENANT)
                .clientId(CLIENT_ID)
                .clientSecret("not-a-secret")
                .authorityHost(azure.endpoint())
                .disableInstanceDiscovery()
                .build();
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", azure.endpoint());
        endpoints.put("activeDirectoryEndpointUrl", azure.endpoint());
        return ContainerServiceManager.authenticate(
                credential, new AzureProfile(TENANT, SUBSCRIPTION, new AzureEnvironment(endpoints)));
    }

    @AfterAll
    static void stopSimulatedAzure() {
        azure.close();
    }

    @BeforeEach
    void freshState() {
        azure.removeCluster(MEMBER);
        azure.addCluster(SimulatedClusterSpec.meshable(MEMBER, "10.1.0.0/16"));
        azure.clearFaults();
        azure.resetRequests();
    }

    @Test
    void azureSdkAuthenticatesThroughTheTokenEndpointAndReadsTheCluster() {
        ManagedClusterInner cluster =
                newManager().serviceClient().getManagedClusters().getByResourceGroup("fleet-rg", "member-1");

        assertThat(cluster.id()).isEqualTo(MEMBER);
        assertThat(cluster.kubernetesVersion()).isEqualTo("1.33.2");
        assertThat(cluster.powerState().code()).isEqualTo(Code.RUNNING);
        assertThat(cluster.networkProfile().networkDataplane()).isEqualTo(NetworkDataplane.CILIUM);
        assertThat(cluster.networkProfile().networkPluginMode()).isNull();
        assertThat(cluster.networkProfile().podCidrs()).containsExactly("10.1.0.0/16");
        assertThat(cluster.networkProfile().advancedNetworking().enabled()).isTrue();
        assertThat(cluster.networkProfile().advancedNetworking().security().enabled()).isTrue();
        assertThat(cluster.agentPoolProfiles().get(0).podSubnetId()).endsWith("/subnets/member-1-pods");
        // With instance discovery disabled MSAL4J goes straight to the token endpoint: no metadata requests.
        assertThat(azure.requests()).satisfiesExactly(
                token -> assertThat(token).isEqualTo("POST /" + TENANT + "/oauth2/v2.0/token"),
                read -> assertThat(read).startsWith("GET " + MEMBER + "?api-version="));
    }

    @Test
    void pathSegmentsMatchIgnoringCaseAndTheFluentApiReadsTheClusterToo() {
        ManagedClusterInner cluster = clusters().getByResourceGroup("FLEET-RG", "MEMBER-1");

        assertThat(cluster.name()).isEqualTo("member-1");
        assertThat(manager.kubernetesClusters().getById(MEMBER).version()).isEqualTo("1.33.2");
    }

    @Test
    void adminKubeconfigReachesTheClustersApiServer() {
        byte[] kubeconfig = clusters().listClusterAdminCredentials("fleet-rg", "member-1").kubeconfigs().get(0).value();

        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(new String(kubeconfig, StandardCharsets.UTF_8))).build()) {
            ConfigMap ciliumConfig = client.configMaps().inNamespace("kube-system").withName("cilium-config").get();
            assertThat(ciliumConfig.getData()).containsEntry("cluster-name", "default");
        }
        assertThat(azure.cluster(MEMBER).kubernetes().readCount()).isEqualTo(1);
    }

    @Test
    void updatedClusterShowsOnTheNextRead() {
        azure.updateCluster(MEMBER, spec -> spec.toBuilder().advancedNetworkingEnabled(false).networkPluginMode("overlay")
                .powerState(SimulatedClusterSpec.PowerState.Stopped).build());

        ManagedClusterInner cluster = clusters().getByResourceGroup("fleet-rg", "member-1");

        assertThat(cluster.networkProfile().advancedNetworking().enabled()).isFalse();
        assertThat(cluster.networkProfile().networkPluginMode().toString()).isEqualTo("overlay");
        assertThat(cluster.powerState().code()).isEqualTo(Code.STOPPED);
    }

    @Test
    void unknownClusterIsResourceNotFound() {
        assertThatThrownBy(() -> clusters().getByResourceGroup("fleet-rg", "missing"))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
                    assertThat(e.getValue().getCode()).isEqualTo("ResourceNotFound");
                    assertThat(e.getValue().getMessage()).startsWith(
                            "The Resource 'Microsoft.ContainerService/managedClusters/missing' under resource group 'fleet-rg' was not found.");
                });
    }

    @Test
    void forbiddenClusterIsAuthorizationFailedNamingTheCaller() {
        azure.forbid(MEMBER);

        assertThatThrownBy(() -> clusters().getByResourceGroup("fleet-rg", "member-1"))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
                    assertThat(e.getValue().getCode()).isEqualTo("AuthorizationFailed");
                    assertThat(e.getValue().getMessage()).contains("'" + CLIENT_ID + "'", "over scope '" + MEMBER + "'");
                });
        assertThatThrownBy(() -> clusters().listClusterUserCredentials("fleet-rg", "member-1"))
                .isInstanceOfSatisfying(ManagementException.class,
                        e -> assertThat(e.getValue().getCode()).isEqualTo("AuthorizationFailed"));
        azure.allow(MEMBER);
    }

    @Test
    void sdkHonoursRetryAfterOnThrottlingAndSucceeds() {
        azure.throttleNext(2, Duration.ofSeconds(1));

        ManagedClusterInner cluster = clusters().getByResourceGroup("fleet-rg", "member-1");

        assertThat(cluster.name()).isEqualTo("member-1");
        assertThat(azure.requestCount("GET", ".+/managedClusters/member-1")).isEqualTo(3);
    }

    @Test
    void sdkRetriesServerErrors() {
        azure.failNext(1, 503);

        assertThat(clusters().getByResourceGroup("fleet-rg", "member-1").name()).isEqualTo("member-1");
        assertThat(azure.requestCount("GET", ".+/managedClusters/member-1")).isEqualTo(2);
    }

    @Test
    void entraIdClusterWithoutLocalAccountsRefusesAdminCredentialsAndHandsOutKubelogin() {
        azure.updateCluster(MEMBER, spec -> spec.toBuilder().aad(true).localAccountsDisabled(true).build());

        assertThatThrownBy(() -> clusters().listClusterAdminCredentials("fleet-rg", "member-1"))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getValue().getCode()).isEqualTo("BadRequest");
                });
        String userKubeconfig = new String(
                clusters().listClusterUserCredentials("fleet-rg", "member-1").kubeconfigs().get(0).value(),
                StandardCharsets.UTF_8);
        ManagedClusterInner cluster = clusters().getByResourceGroup("fleet-rg", "member-1");

        assertThat(userKubeconfig).contains("command: kubelogin", azure.cluster(MEMBER).kubernetes().url());
        assertThat(cluster.aadProfile().managed()).isTrue();
        assertThat(cluster.disableLocalAccounts()).isTrue();
    }

    @Test
    void delayedAnswerArrivesLate() {
        azure.delayNext(1, Duration.ofMillis(500));
        long startedAt = System.nanoTime();

        clusters().getByResourceGroup("fleet-rg", "member-1");

        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void servesPeeredVirtualNetworksAndSubnets() throws Exception {
        String vnetA = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/vnet-a";
        String vnetB = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/vnet-b";
        azure.addVirtualNetwork(new SimulatedVirtualNetworkSpec(vnetA, "eastus", List.of("10.1.0.0/16"),
                Map.of("nodes", "10.1.0.0/24", "pods", "10.1.64.0/18")));
        azure.addVirtualNetwork(new SimulatedVirtualNetworkSpec(vnetB, "eastus", List.of("10.2.0.0/16"),
                Map.of("nodes", "10.2.0.0/24")));
        azure.peer(vnetA, vnetB);

        JsonNode network = armGet(vnetA);
        JsonNode subnet = armGet(vnetA + "/subnets/pods");

        assertThat(network.at("/properties/addressSpace/addressPrefixes/0").asString()).isEqualTo("10.1.0.0/16");
        assertThat(network.at("/properties/subnets").size()).isEqualTo(2);
        JsonNode peering = network.at("/properties/virtualNetworkPeerings/0");
        assertThat(peering.at("/properties/peeringState").asString()).isEqualTo("Connected");
        assertThat(peering.at("/properties/remoteVirtualNetwork/id").asString()).isEqualTo(vnetB);
        assertThat(peering.at("/properties/allowVirtualNetworkAccess").asBoolean()).isTrue();
        assertThat(subnet.at("/properties/addressPrefix").asString()).isEqualTo("10.1.64.0/18");
    }

    @Test
    void aPatchOrPutOfTheClusterTurnsAcnsOnAndUpgradesAsAzAksUpdateWould() throws Exception {
        azure.updateCluster(MEMBER, spec -> spec.toBuilder().advancedNetworkingEnabled(false).build());

        HttpResponse<String> patched = armWrite("PATCH", MEMBER,
                "{\"properties\":{\"networkProfile\":{\"advancedNetworking\":{\"enabled\":true}}}}");
        HttpResponse<String> put = armWrite("PUT", MEMBER, "{\"location\":\"eastus\",\"properties\":{\"kubernetesVersion\":\"1.34.0\"}}");

        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(ArmDocuments.JSON.readTree(patched.body()).at("/properties/networkProfile/advancedNetworking/enabled")
                .asBoolean()).isTrue();
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(azure.cluster(MEMBER).spec().advancedNetworkingEnabled()).isTrue();
        assertThat(clusters().getByResourceGroup("fleet-rg", "member-1").kubernetesVersion()).isEqualTo("1.34.0");
        assertThat(armWrite("PATCH", MEMBER.replace("member-1", "nope"), "{}").statusCode()).isEqualTo(404);
        assertThat(armWrite("PATCH", MEMBER, "not json").statusCode()).isEqualTo(400);
    }

    @Test
    void theIdentityCarriesItsCertificateAsPemForCurl() throws Exception {
        String pem = Files.readString(JvmTrustsSimulatedAzure.IDENTITY.certificatePem());
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(JvmTrustsSimulatedAzure.IDENTITY.trustStore())) {
            trustStore.load(in, TlsIdentity.PASSWORD.toCharArray());
        }

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(trustStore.getCertificate(TlsIdentity.KEY_ALIAS));
    }

    private static HttpResponse<String> armWrite(String method, String resourceId, String body) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(azure.endpoint() + resourceId.substring(1) + "?api-version=2025-10-01"))
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer anything")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ManagedClustersClient clusters() {
        return manager.serviceClient().getManagedClusters();
    }

    private static JsonNode armGet(String resourceId) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(azure.endpoint() + resourceId.substring(1) + "?api-version=2024-05-01")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return ArmDocuments.JSON.readTree(response.body());
    }
}
