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
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Utils;
import jakarta.annotation.PreDestroy;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.member.AksClusters;
import org.fleetmesh.rp.member.ClusterCredentials;
import org.fleetmesh.rp.member.domain.AksCluster;
import org.fleetmesh.rp.mesh.MemberCluster;
import org.fleetmesh.rp.mesh.MemberClusters;
import org.fleetmesh.rp.mesh.MeshSettings;
import org.springframework.stereotype.Component;

/**
 * Members' Kubernetes APIs through the fabric8 client, with credentials AKS issues. A client is kept in memory for a
 * few minutes, so that an apply's steps reach a member with one credential request instead of one each; it is never
 * written anywhere, and a client whose cluster fails a request is dropped, so the next connection asks AKS again.
 */
@Component
class Fabric8MemberClusters implements MemberClusters {

    private static final Duration CONNECTION_LIFETIME = Duration.ofMinutes(5);

    private final AksClusters aks;
    private final MeshSettings settings;
    private final SharedExecutorHttpClients httpClients = new SharedExecutorHttpClients();
    /**
     * Shared by every client: each one would otherwise build its own Jackson mapper and, on its first calls, the
     * (de)serializers of every Kubernetes type it reads, which is most of the CPU an apply spends per member.
     */
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final Clock clock;

    Fabric8MemberClusters(AksClusters aks, MeshSettings settings, Clock clock) {
        this.aks = aks;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * fabric8's JDK HTTP clients, each with its member's own TLS and credentials, but all running their work on one
     * executor: fabric8's factory gives every client a cached thread pool of its own, so a mesh of a few hundred
     * members held as many pools (with the clients' selector threads, about 900 threads in the 255-member benchmark),
     * each creating and retiring threads for a handful of calls per step.
     */
    private static final class SharedExecutorHttpClients extends JdkHttpClientFactory {

        private final ExecutorService executor = Executors.newCachedThreadPool(Utils.daemonThreadFactory(this));

        @Override
        protected HttpClient.Builder createNewHttpClientBuilder() {
            // Not fabric8's ShutdownableExecutor, so closing one member's client leaves the others' executor alone.
            return HttpClient.newBuilder().executor(executor);
        }

        void shutdown() {
            executor.shutdownNow();
        }
    }

    /** A client and when it stops being handed out; AKS's Entra ID tokens live an hour, far longer. */
    private record Connection(KubernetesClient client, Instant expires) {
    }

    @Override
    public MemberCluster connect(AksCluster cluster) {
        Instant now = clock.instant();
        connections.entrySet().removeIf(entry -> {
            boolean expired = entry.getValue().expires().isBefore(now);
            if (expired) {
                entry.getValue().client().close();
            }
            return expired;
        });
        String key = cluster.resourceId().toLowerCase(Locale.ROOT);
        Connection connection = connections.computeIfAbsent(key, id -> new Connection(
                new KubernetesClientBuilder().withConfig(config(aks.credentials(cluster), cluster.resourceId()))
                        .withHttpClientFactory(httpClients).withKubernetesSerialization(serialization).build(),
                now.plus(CONNECTION_LIFETIME)));
        return new Fabric8MemberCluster(connection.client(), cluster.resourceId(), () -> {
            if (connections.remove(key, connection)) {
                connection.client().close();
            }
        });
    }

    @PreDestroy
    void closeAll() {
        connections.values().forEach(connection -> connection.client().close());
        connections.clear();
        httpClients.shutdown();
    }

    /**
     * A client configuration from the kubeconfig's current context, built field by field: AKS's user kubeconfig
     * runs kubelogin through an exec plugin, which a server must never start, so a bearer token replaces it.
     */
    private Config config(ClusterCredentials credentials, String clusterResourceId) {
        io.fabric8.kubernetes.api.model.Config kubeconfig;
        try {
            // With the shared serialization: fabric8's KubeConfigUtils parses with its static one, whose first uses,
            // concurrent on every member at the start of an apply, each scan the class path for model classes.
            kubeconfig = serialization.unmarshal(credentials.kubeconfig(), io.fabric8.kubernetes.api.model.Config.class);
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
}
