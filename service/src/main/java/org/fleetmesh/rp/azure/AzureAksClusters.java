package org.fleetmesh.rp.azure;

import com.azure.core.credential.TokenRequestContext;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import com.azure.resourcemanager.containerservice.fluent.ContainerServiceManagementClient;
import com.azure.resourcemanager.containerservice.fluent.ManagedClustersClient;
import com.azure.resourcemanager.containerservice.fluent.models.CredentialResultsInner;
import com.azure.resourcemanager.containerservice.fluent.models.ManagedClusterInner;
import com.azure.resourcemanager.containerservice.models.AdvancedNetworking;
import com.azure.resourcemanager.containerservice.models.ContainerServiceNetworkProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.arm.domain.ResourceIds;
import org.fleetmesh.rp.member.AksClusters;
import org.fleetmesh.rp.member.ClusterCredentials;
import org.fleetmesh.rp.member.domain.AksCluster;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Member clusters through the Azure SDK for AKS, its calls made through {@link AzureCalls} (one bound on concurrency,
 * retries of throttling and server errors after the delay Azure asks for, a timeout per call, retries included).
 *
 * <p>A cluster is read with one GET through the SDK client's own pipeline rather than its typed
 * {@code getByResourceGroup}: the SDK's model has no field for
 * {@code networkProfile.advancedNetworking.security.transitEncryption}, which the same response carries, so the
 * body is read twice, into the SDK's model and for that field.
 */
@Component
class AzureAksClusters implements AksClusters {

    /** The Entra ID application every AKS cluster with managed Entra ID integration accepts tokens for. */
    static final String AKS_SERVER_APP_SCOPE = "6dae42f8-4368-4678-94ff-3960e28e3630/.default";

    /**
     * The api-version the SDK's {@code ManagedClustersClient} sends (it offers no getter); the first stable one with
     * {@code security.transitEncryption}. A test holds the two equal, so an SDK upgrade cannot leave it behind.
     */
    static final String API_VERSION = "2025-08-01";

    private final AzureCalls arm;
    private final Map<String, ContainerServiceManager> managersBySubscription = new ConcurrentHashMap<>();

    AzureAksClusters(AzureCalls arm) {
        this.arm = arm;
    }

    @Override
    public AksCluster get(String clusterResourceId) {
        ResourceIds.ManagedCluster id = parse(clusterResourceId);
        ContainerServiceManagementClient client = manager(id).serviceClient();
        byte[] body = arm.call(action(clusterResourceId, "read"),
                arm.getRaw(client.getHttpPipeline(), client.getEndpoint(), canonicalId(id), API_VERSION));
        return toDomain(clusterResourceId, body);
    }

    @Override
    public ClusterCredentials credentials(AksCluster cluster) {
        ResourceIds.ManagedCluster id = parse(cluster.resourceId());
        ManagedClustersClient clusters = manager(id).serviceClient().getManagedClusters();
        if (cluster.aadManaged()) {
            // The user kubeconfig names the API server and its CA; its exec plugin (kubelogin) is replaced by a token.
            CredentialResultsInner user = arm.call(action(cluster.resourceId(), "listClusterUserCredential/action"),
                    clusters.listClusterUserCredentialsAsync(id.resourceGroup(), id.name()));
            String token = Objects.requireNonNull(arm.credential().getTokenSync(new TokenRequestContext()
                    .addScopes(AKS_SERVER_APP_SCOPE)), "no token for the AKS server application").getToken();
            return new ClusterCredentials(firstKubeconfig(user), token);
        }
        CredentialResultsInner admin = arm.call(action(cluster.resourceId(), "listClusterAdminCredential/action"),
                clusters.listClusterAdminCredentialsAsync(id.resourceGroup(), id.name()));
        return new ClusterCredentials(firstKubeconfig(admin), null);
    }

    private static ResourceIds.ManagedCluster parse(String clusterResourceId) {
        return ResourceIds.managedCluster(clusterResourceId).orElseThrow(() -> new IllegalArgumentException(
                "not an AKS cluster id: " + clusterResourceId));
    }

    private static String canonicalId(ResourceIds.ManagedCluster id) {
        return "/subscriptions/" + id.subscriptionId() + "/resourceGroups/" + id.resourceGroup()
                + "/providers/Microsoft.ContainerService/managedClusters/" + id.name();
    }

    private ContainerServiceManager manager(ResourceIds.ManagedCluster id) {
        return managersBySubscription.computeIfAbsent(id.subscriptionId().toLowerCase(Locale.ROOT), subscription ->
                arm.manager(ContainerServiceManager.configure(), subscription,
                        ContainerServiceManager.Configurable::authenticate));
    }

    private AzureCalls.ArmAction action(String clusterResourceId, String name) {
        return new AzureCalls.ArmAction(clusterResourceId, name, "Microsoft.ContainerService/managedClusters/" + name,
                // The provider's own member role holds exactly what the service uses (infra/bicep/modules/member-role.bicep).
                "the provider's member role on the cluster (its id is the deployment output memberRoleDefinitionId; "
                        + "infra/bicep/examples/members.bicep assigns it), for example: az role assignment create "
                        + "--assignee <service principal> --role <memberRoleDefinitionId> --scope " + clusterResourceId,
                "properties.clusterResourceId",
                azureCode -> new ArmException(ErrorCode.CLUSTER_NOT_FOUND, "The AKS cluster '" + clusterResourceId
                        + "' does not exist (Azure answered " + azureCode + "). Check the subscription, resource group "
                        + "and cluster name in properties.clusterResourceId.", "properties.clusterResourceId"));
    }

    /** The cluster in a managed cluster's ARM JSON, read with the SDK's model plus the fields it lacks. */
    private static AksCluster toDomain(String clusterResourceId, byte[] managedClusterJson) {
        ManagedClusterInner cluster;
        try (JsonReader reader = JsonProviders.createReader(managedClusterJson)) {
            cluster = ManagedClusterInner.fromJson(reader);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Azure answered a read of '" + clusterResourceId + "' with a body that is "
                    + "not a managed cluster", unreadable);
        }
        String transitEncryption = AzureCalls.JSON.readTree(managedClusterJson).path("properties").path("networkProfile")
                .path("advancedNetworking").path("security").path("transitEncryption").path("type").stringValue(null);
        return toDomain(clusterResourceId, cluster, transitEncryption);
    }

    private static String firstKubeconfig(CredentialResultsInner result) {
        if (result == null || result.kubeconfigs() == null || result.kubeconfigs().isEmpty()) {
            throw new UncheckedIOException(new IOException("Azure returned no kubeconfig"));
        }
        return new String(result.kubeconfigs().get(0).value(), StandardCharsets.UTF_8);
    }

    private static AksCluster toDomain(String clusterResourceId, ManagedClusterInner cluster, String transitEncryption) {
        ContainerServiceNetworkProfile network = cluster.networkProfile();
        AksCluster.Network networkView = null;
        if (network != null) {
            AdvancedNetworking acns = network.advancedNetworking();
            List<String> podCidrs = network.podCidrs() != null && !network.podCidrs().isEmpty() ? network.podCidrs()
                    : network.podCidr() == null ? List.of() : List.of(network.podCidr());
            List<String> serviceCidrs = network.serviceCidrs() != null && !network.serviceCidrs().isEmpty()
                    ? network.serviceCidrs() : network.serviceCidr() == null ? List.of() : List.of(network.serviceCidr());
            networkView = new AksCluster.Network(text(network.networkPlugin()), text(network.networkPluginMode()),
                    text(network.networkDataplane()), text(network.networkPolicy()), podCidrs, serviceCidrs,
                    acns != null && Boolean.TRUE.equals(acns.enabled()), transitEncryption);
        }
        List<AksCluster.AgentPool> pools = new ArrayList<>();
        if (cluster.agentPoolProfiles() != null) {
            cluster.agentPoolProfiles().forEach(pool -> pools.add(
                    new AksCluster.AgentPool(pool.name(), pool.vnetSubnetId(), pool.podSubnetId())));
        }
        return new AksCluster(clusterResourceId, cluster.name(), cluster.location(),
                cluster.currentKubernetesVersion() != null ? cluster.currentKubernetesVersion() : cluster.kubernetesVersion(),
                cluster.provisioningState(), cluster.powerState() == null ? null : text(cluster.powerState().code()),
                networkView, cluster.aadProfile() != null && Boolean.TRUE.equals(cluster.aadProfile().managed()),
                Boolean.TRUE.equals(cluster.disableLocalAccounts()), pools);
    }

    private static @Nullable String text(Object expandableEnum) {
        return expandableEnum == null ? null : expandableEnum.toString();
    }
}
