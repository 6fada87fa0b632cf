package org.fleetmesh.rp.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.HttpClientOptions;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import com.azure.resourcemanager.containerservice.fluent.ManagedClustersClient;
import com.azure.resourcemanager.containerservice.fluent.models.CredentialResultsInner;
import com.azure.resourcemanager.containerservice.fluent.models.ManagedClusterInner;
import com.azure.resourcemanager.containerservice.models.AdvancedNetworking;
import com.azure.resourcemanager.containerservice.models.ContainerServiceNetworkProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.arm.domain.ResourceIds;
import org.fleetmesh.rp.member.AksClusters;
import org.fleetmesh.rp.member.ClusterCredentials;
import org.fleetmesh.rp.member.domain.AksCluster;
import org.springframework.stereotype.Component;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * Member clusters through the Azure SDK for AKS. Calls share one bound on concurrency; the SDK retries
 * throttling and server errors after the delay Azure asks for (Retry-After), and each call, retries
 * included, ends within the configured timeout.
 */
@Component
class AzureAksClusters implements AksClusters {

    /** The Entra ID application every AKS cluster with managed Entra ID integration accepts tokens for. */
    static final String AKS_SERVER_APP_SCOPE = "6dae42f8-4368-4678-94ff-3960e28e3630/.default";

    private final AzureSettings settings;
    private final TokenCredential credential;
    private final HttpClient httpClient;
    private final AzureEnvironment environment;
    private final Semaphore inFlight;
    private final Map<String, ContainerServiceManager> managersBySubscription = new ConcurrentHashMap<>();

    AzureAksClusters(AzureSettings settings) {
        this.settings = settings;
        this.credential = AzureCredentials.lazy(settings);
        this.httpClient = HttpClient.createDefault(new HttpClientOptions()
                .setConnectTimeout(Duration.ofSeconds(10))
                .setResponseTimeout(settings.callTimeout()));
        this.environment = new AzureEnvironment(Map.of(
                "resourceManagerEndpointUrl", settings.resourceManagerEndpoint(),
                "managementEndpointUrl", settings.resourceManagerEndpoint(),
                "activeDirectoryEndpointUrl", settings.authorityHost()));
        this.inFlight = new Semaphore(settings.maxConcurrentCalls());
    }

    @Override
    public AksCluster get(String clusterResourceId) {
        ResourceIds.ManagedCluster id = parse(clusterResourceId);
        ManagedClusterInner cluster = call(clusterResourceId, "read",
                clusters(id).getByResourceGroupAsync(id.resourceGroup(), id.name()));
        return toDomain(clusterResourceId, cluster);
    }

    @Override
    public ClusterCredentials credentials(AksCluster cluster) {
        ResourceIds.ManagedCluster id = parse(cluster.resourceId());
        if (cluster.aadManaged()) {
            // The user kubeconfig names the API server and its CA; its exec plugin (kubelogin) is replaced by a token.
            CredentialResultsInner user = call(cluster.resourceId(), "listClusterUserCredential/action",
                    clusters(id).listClusterUserCredentialsAsync(id.resourceGroup(), id.name()));
            String token = Objects.requireNonNull(credential.getTokenSync(new TokenRequestContext()
                    .addScopes(AKS_SERVER_APP_SCOPE)), "no token for the AKS server application").getToken();
            return new ClusterCredentials(firstKubeconfig(user), token);
        }
        CredentialResultsInner admin = call(cluster.resourceId(), "listClusterAdminCredential/action",
                clusters(id).listClusterAdminCredentialsAsync(id.resourceGroup(), id.name()));
        return new ClusterCredentials(firstKubeconfig(admin), null);
    }

    private static ResourceIds.ManagedCluster parse(String clusterResourceId) {
        return ResourceIds.managedCluster(clusterResourceId).orElseThrow(() -> new IllegalArgumentException(
                "not an AKS cluster id: " + clusterResourceId));
    }

    private ManagedClustersClient clusters(ResourceIds.ManagedCluster id) {
        return managersBySubscription.computeIfAbsent(id.subscriptionId().toLowerCase(Locale.ROOT), subscription ->
                ContainerServiceManager.configure()
                        .withHttpClient(httpClient)
                        // Null header: the policy honours whichever of Retry-After / retry-after-ms Azure sent.
                        .withRetryPolicy(new RetryPolicy(new ExponentialBackoff(settings.maxRetries(),
                                Duration.ofMillis(500), Duration.ofSeconds(20))))
                        .authenticate(credential, new AzureProfile(settings.tenantId(), subscription, environment)))
                .serviceClient().getManagedClusters();
    }

    private <T> T call(String clusterResourceId, String action, Mono<T> request) {
        try {
            inFlight.acquire();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while waiting to call Azure"));
        }
        try {
            return request.timeout(settings.callTimeout()).block();
        } catch (ManagementException failure) {
            throw translate(clusterResourceId, action, failure);
        } catch (RuntimeException failure) {
            if (Exceptions.unwrap(failure) instanceof TimeoutException) {
                throw new ArmException(ErrorCode.AZURE_REQUEST_TIMED_OUT, "Azure Resource Manager did not answer the "
                        + action + " request for '" + clusterResourceId + "' within " + settings.callTimeout().toSeconds()
                        + " seconds. Retry; if it keeps timing out, check Azure's status for the cluster's region.",
                        clusterResourceId);
            }
            throw failure;
        } finally {
            inFlight.release();
        }
    }

    private ArmException translate(String clusterResourceId, String action, ManagementException failure) {
        int status = failure.getResponse() == null ? 0 : failure.getResponse().getStatusCode();
        String azureCode = failure.getValue() == null ? null : failure.getValue().getCode();
        if (status == 404) {
            return new ArmException(ErrorCode.CLUSTER_NOT_FOUND, "The AKS cluster '" + clusterResourceId + "' does not "
                    + "exist (Azure answered " + azureCode + "). Check the subscription, resource group and cluster name "
                    + "in properties.clusterResourceId.", "properties.clusterResourceId");
        }
        if (status == 401 || status == 403) {
            return new ArmException(ErrorCode.AUTHORIZATION_FAILED, settings.identityDescription() + " may not perform '"
                    + "Microsoft.ContainerService/managedClusters/" + action + "' on '" + clusterResourceId + "'. Grant it "
                    + "the 'Azure Kubernetes Service Cluster Admin Role' on the cluster, for example: az role assignment "
                    + "create --assignee <service principal> --role \"Azure Kubernetes Service Cluster Admin Role\" "
                    + "--scope " + clusterResourceId, "properties.clusterResourceId");
        }
        return new ArmException(ErrorCode.AZURE_REQUEST_FAILED, "Azure Resource Manager failed the " + action + " request "
                + "for '" + clusterResourceId + "' with status " + status + (azureCode == null ? "" : " (" + azureCode + ")")
                + " after " + settings.maxRetries() + " retries. Retry later.", clusterResourceId);
    }

    private static String firstKubeconfig(CredentialResultsInner result) {
        if (result == null || result.kubeconfigs() == null || result.kubeconfigs().isEmpty()) {
            throw new UncheckedIOException(new IOException("Azure returned no kubeconfig"));
        }
        return new String(result.kubeconfigs().get(0).value(), StandardCharsets.UTF_8);
    }

    static AksCluster toDomain(String clusterResourceId, ManagedClusterInner cluster) {
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
                    acns != null && Boolean.TRUE.equals(acns.enabled()), null);
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

    private static String text(Object expandableEnum) {
        return expandableEnum == null ? null : expandableEnum.toString();
    }
}
