package org.fleetmesh.rp.kubernetes;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Objects;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.member.AksClusters;
import org.fleetmesh.rp.member.ClusterCredentials;
import org.fleetmesh.rp.member.domain.AksCluster;
import org.fleetmesh.rp.mesh.MemberCluster;
import org.fleetmesh.rp.mesh.MemberClusters;
import org.fleetmesh.rp.mesh.MeshSettings;
import org.springframework.stereotype.Component;

/** Members' Kubernetes APIs through the fabric8 client, with credentials AKS issues for each connection. */
@Component
class Fabric8MemberClusters implements MemberClusters {

    private final AksClusters aks;
    private final MeshSettings settings;
    private final JdkHttpClientFactory httpClients = new JdkHttpClientFactory();
    /**
     * Shared by every client: each one would otherwise build its own Jackson mapper and, on its first calls, the
     * (de)serializers of every Kubernetes type it reads, which is most of the CPU an apply spends per member.
     */
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    Fabric8MemberClusters(AksClusters aks, MeshSettings settings) {
        this.aks = aks;
        this.settings = settings;
    }

    @Override
    public MemberCluster connect(AksCluster cluster) {
        Config config = config(aks.credentials(cluster), cluster.resourceId());
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(httpClients)
                .withKubernetesSerialization(serialization).build();
        return new Fabric8MemberCluster(client, cluster.resourceId());
    }

    /**
     * A client configuration from the kubeconfig's current context, built field by field: AKS's user kubeconfig
     * runs kubelogin through an exec plugin, which a server must never start, so a bearer token replaces it.
     */
    private Config config(ClusterCredentials credentials, String clusterResourceId) {
        io.fabric8.kubernetes.api.model.Config kubeconfig;
        try {
            kubeconfig = KubeConfigUtils.parseConfigFromString(credentials.kubeconfig());
        } catch (RuntimeException unreadable) {
            throw unusableKubeconfig(clusterResourceId);
        }
        NamedContext context = kubeconfig.getContexts().stream()
                .filter(c -> Objects.equals(c.getName(), kubeconfig.getCurrentContext())).findFirst()
                .or(() -> kubeconfig.getContexts().stream().findFirst())
                .orElseThrow(() -> unusableKubeconfig(clusterResourceId));
        Cluster cluster = kubeconfig.getClusters().stream()
                .filter(c -> c.getName().equals(context.getContext().getCluster())).map(NamedCluster::getCluster)
                .findFirst().orElseThrow(() -> unusableKubeconfig(clusterResourceId));
        ConfigBuilder builder = new ConfigBuilder(Config.empty())
                .withMasterUrl(cluster.getServer())
                .withCaCertData(cluster.getCertificateAuthorityData())
                .withTrustCerts(false)
                .withConnectionTimeout((int) Math.min(settings.kubernetesTimeout().toMillis(), 10_000))
                .withRequestTimeout((int) settings.kubernetesTimeout().toMillis())
                // One quick retry; a member that stays unreachable is reported, not waited for.
                .withRequestRetryBackoffLimit(1)
                .withRequestRetryBackoffInterval(200);
        if (credentials.bearerToken() != null) {
            builder.withOauthToken(credentials.bearerToken());
        } else {
            AuthInfo user = kubeconfig.getUsers().stream()
                    .filter(u -> u.getName().equals(context.getContext().getUser())).map(NamedAuthInfo::getUser)
                    .findFirst().orElseThrow(() -> unusableKubeconfig(clusterResourceId));
            builder.withOauthToken(user.getToken())
                    .withClientCertData(user.getClientCertificateData())
                    .withClientKeyData(user.getClientKeyData());
        }
        return builder.build();
    }

    private static ArmException unusableKubeconfig(String clusterResourceId) {
        return new ArmException(ErrorCode.MEMBER_CLUSTER_UNREACHABLE, "AKS returned a kubeconfig for '" + clusterResourceId
                + "' that names no usable cluster and user. Check the cluster with 'az aks get-credentials'.", null);
    }

    static ArmException unreachable(String clusterResourceId, KubernetesClientException failure) {
        String cause = failure.getCode() > 0 ? "it answered HTTP " + failure.getCode() : "it could not be reached";
        return new ArmException(ErrorCode.MEMBER_CLUSTER_UNREACHABLE, "The Kubernetes API server of '" + clusterResourceId
                + "' failed a request: " + cause + ". Check that the cluster is running ('az aks show') and that its API "
                + "server is reachable from the service (authorized IP ranges, private cluster); then apply again.", null);
    }
}
