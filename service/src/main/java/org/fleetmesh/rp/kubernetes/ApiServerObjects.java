package org.fleetmesh.rp.kubernetes;

import static org.fleetmesh.rp.kubernetes.OwnedObjects.owned;
import static org.fleetmesh.rp.kubernetes.OwnedObjects.ownedClusterWide;
import static org.fleetmesh.rp.kubernetes.OwnedObjects.withDigest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.HostAliasBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fleetmesh.rp.mesh.domain.CiliumVersion;
import org.fleetmesh.rp.mesh.domain.MemberMeshConfig;
import org.fleetmesh.rp.mesh.domain.MeshObjects;
import org.fleetmesh.rp.mesh.domain.MeshPeer;

/**
 * The clustermesh-apiserver as Cilium's official Helm chart of the member's Cilium minor renders it with KVStoreMesh
 * (ChartConformanceTest holds them side by side): etcd, the apiserver and KVStoreMesh in one pod, behind an internal
 * Azure load balancer on port 2379, each marked as {@link OwnedObjects} says. This class holds the pod's frame (its
 * volumes, security context and scheduling), the identity and RBAC it runs with, its Services and the Secrets and
 * ConfigMaps it mounts; {@link ApiServerContainers} holds the processes in it.
 */
final class ApiServerObjects {

    private static final Map<String, String> SELECTOR = Map.of("k8s-app", MeshObjects.ApiServer.NAME);
    private static final Map<String, String> PART_OF_CILIUM = Map.of("app.kubernetes.io/part-of", "cilium");
    private static final long NONROOT = 65532L;
    /** 0400, the chart's mode for every mounted Secret. */
    private static final int READ_ONLY_BY_OWNER = 0400;
    private static final String[] READ = {"get", "list", "watch"};

    /**
     * The Deployment of the official chart's {@code clustermesh-apiserver/deployment.yaml} for the member's Cilium
     * minor, with KVStoreMesh, {@code tls.authMode: cluster} and the peers as {@code hostAliases}: etcd-init, etcd,
     * the apiserver and KVStoreMesh in one pod. Cluster name and id come from {@code cilium-config}, as in the chart.
     */
    static Deployment deployment(MeshObjects.ApiServer apiServer) {
        CiliumVersion version = apiServer.version();
        String image = apiServer.image();
        Map<String, String> podAnnotations = new TreeMap<>();
        if (version.atLeast(1, 18)) {
            podAnnotations.put("kubectl.kubernetes.io/default-container", "apiserver");
        }
        podAnnotations.put(MeshObjects.ApiServer.TRUSTED_CA_ANNOTATION, apiServer.trustedCaDigest());
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata().withName(MeshObjects.ApiServer.NAME).withLabels(labels(null)).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(SELECTOR).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(1))
                .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                .withNewTemplate().withNewMetadata().withAnnotations(podAnnotations).withLabels(labels(null)).endMetadata()
                .withNewSpec()
                .withNewSecurityContext().withFsGroup(NONROOT).withRunAsGroup(NONROOT).withRunAsNonRoot(true)
                .withRunAsUser(NONROOT).endSecurityContext()
                .withInitContainers(ApiServerContainers.etcdInit(image))
                .withContainers(ApiServerContainers.containers(image, version))
                .withVolumes(
                        projected("etcd-server-secrets", tlsSource(MemberMeshConfig.SERVER_CERT_SECRET, false, "")),
                        projected("etcd-admin-client", tlsSource(MemberMeshConfig.ADMIN_CERT_SECRET, false, "")),
                        new VolumeBuilder().withName("etcd-users-config").withNewConfigMap()
                                .withName(MemberMeshConfig.REMOTE_USERS).withDefaultMode(READ_ONLY_BY_OWNER).endConfigMap()
                                .build(),
                        new VolumeBuilder().withName("etcd-data-dir").withNewEmptyDir().withMedium("").endEmptyDir().build(),
                        projected("kvstoremesh-secrets",
                                new VolumeProjectionBuilder().withNewSecret().withName(MemberMeshConfig.KVSTOREMESH_SECRET)
                                        .withOptional(true).endSecret().build(),
                                tlsSource(MemberMeshConfig.REMOTE_CERT_SECRET, true, "common-etcd-client")))
                .withRestartPolicy("Always")
                .withPriorityClassName("system-cluster-critical")
                .withServiceAccountName(MeshObjects.ApiServer.NAME)
                .withTerminationGracePeriodSeconds(30L)
                .withAutomountServiceAccountToken(true)
                .withNewAffinity().withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withNewPodAffinityTerm().withNewLabelSelector().withMatchLabels(SELECTOR).endLabelSelector()
                .withTopologyKey("kubernetes.io/hostname").endPodAffinityTerm().withWeight(100)
                .endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity()
                .withNodeSelector(Map.of("kubernetes.io/os", "linux"))
                .withHostAliases(hostAliases(apiServer.peers()))
                .endSpec().endTemplate().endSpec().build();
        return withDigest(owned(deployment));
    }

    private static Volume projected(String name, VolumeProjection... sources) {
        return new VolumeBuilder().withName(name).withNewProjected().withDefaultMode(READ_ONLY_BY_OWNER)
                .withSources(sources).endProjected().build();
    }

    /** A TLS Secret's files: under their own names, or as {@code <prefix>.key}, {@code .crt}, {@code -ca.crt}. */
    private static VolumeProjection tlsSource(String secret, boolean optional, String prefix) {
        List<KeyToPath> items = prefix.isEmpty()
                ? List.of(item("tls.crt", "tls.crt"), item("tls.key", "tls.key"), item("ca.crt", "ca.crt"))
                : List.of(item("tls.key", prefix + ".key"), item("tls.crt", prefix + ".crt"), item("ca.crt", prefix + "-ca.crt"));
        return new VolumeProjectionBuilder().withNewSecret().withName(secret).withOptional(optional ? true : null)
                .withItems(items).endSecret().build();
    }

    private static KeyToPath item(String key, String path) {
        return new KeyToPathBuilder().withKey(key).withPath(path).build();
    }

    /** One alias per address, as the chart renders {@code clustermesh.config.clusters[].ips}. */
    private static List<HostAlias> hostAliases(List<MeshPeer> peers) {
        List<HostAlias> aliases = new ArrayList<>();
        for (MeshPeer peer : peers) {
            for (String ip : peer.addresses()) {
                aliases.add(new HostAliasBuilder().withIp(ip)
                        .withHostnames(peer.clusterName() + "." + MemberMeshConfig.MESH_DOMAIN).build());
            }
        }
        return aliases;
    }

    /**
     * The identity the clustermesh-apiserver pod runs as, and what it may read: the chart's ServiceAccount,
     * ClusterRole and ClusterRoleBinding of that Cilium minor.
     */
    static List<HasMetadata> identity(CiliumVersion version) {
        ServiceAccount account = new ServiceAccountBuilder().withNewMetadata().withName(MeshObjects.ApiServer.NAME)
                .endMetadata().build();
        List<String> ciliumResources = new ArrayList<>(List.of("ciliumidentities", "ciliumendpoints", "ciliumnodes"));
        if (version.atLeast(1, 18)) {
            ciliumResources.add("ciliumendpointslices");
        }
        ClusterRole role = new ClusterRoleBuilder().withNewMetadata().withName(MeshObjects.ApiServer.NAME)
                .withLabels(PART_OF_CILIUM).endMetadata()
                .addNewRule().withApiGroups("cilium.io").withResources(ciliumResources).withVerbs(READ).endRule()
                .addNewRule().withApiGroups("apiextensions.k8s.io").withResources("customresourcedefinitions")
                .withVerbs(READ).endRule()
                .addNewRule().withApiGroups("").withResources("endpoints", "namespaces", "services").withVerbs(READ).endRule()
                .addNewRule().withApiGroups("discovery.k8s.io").withResources("endpointslices").withVerbs(READ).endRule()
                .build();
        ClusterRoleBinding binding = new ClusterRoleBindingBuilder().withNewMetadata().withName(MeshObjects.ApiServer.NAME)
                .withLabels(PART_OF_CILIUM).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                .withName(MeshObjects.ApiServer.NAME).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(MeshObjects.ApiServer.NAME)
                .withNamespace(MeshObjects.NAMESPACE).endSubject()
                .build();
        return List.of(withDigest(owned(account)), withDigest(ownedClusterWide(role)), withDigest(ownedClusterWide(binding)));
    }

    static Service service() {
        Service service = new ServiceBuilder()
                .withNewMetadata().withName(MeshObjects.ApiServer.NAME).withLabels(labels(null))
                // An address inside the members' flat network: peers reach each other over VNet peering.
                .addToAnnotations("service.beta.kubernetes.io/azure-load-balancer-internal", "true")
                .endMetadata()
                .withNewSpec().withType("LoadBalancer").withSelector(SELECTOR)
                .addNewPort().withPort(MeshObjects.ApiServer.PORT).endPort()
                .withExternalTrafficPolicy("Cluster").withInternalTrafficPolicy("Cluster")
                .endSpec().build();
        return withDigest(owned(service));
    }

    /** The chart's headless Service over the three metrics ports. */
    static Service metricsService() {
        Service service = new ServiceBuilder()
                .withNewMetadata().withName(MeshObjects.ApiServer.NAME + "-metrics").withLabels(labels("metrics")).endMetadata()
                .withNewSpec().withClusterIP("None").withType("ClusterIP")
                .withPorts(metricsPort("apiserv-metrics", 9962), metricsPort("kvmesh-metrics", 9964),
                        metricsPort("etcd-metrics", 9963))
                .withSelector(SELECTOR).endSpec().build();
        return withDigest(owned(service));
    }

    private static ServicePort metricsPort(String name, int port) {
        return new ServicePortBuilder().withName(name).withPort(port).withProtocol("TCP")
                .withTargetPort(new IntOrString(name)).build();
    }

    /** A Secret the service owns, whole. */
    static Secret secret(String name, MeshObjects.SecretData secret) {
        return owned(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .withType(secret.type()).withData(encoded(secret.data())).build());
    }

    /** A ConfigMap the service owns, whole (the users ConfigMap, labelled as the chart labels it). */
    static ConfigMap configMap(String name, Map<String, String> data) {
        return owned(new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(PART_OF_CILIUM).endMetadata()
                .withData(data).build());
    }

    static Map<String, String> encoded(Map<String, String> data) {
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((key, value) -> encoded.put(key,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return encoded;
    }

    private static Map<String, String> labels(String component) {
        Map<String, String> labels = new TreeMap<>(SELECTOR);
        labels.putAll(PART_OF_CILIUM);
        labels.put("app.kubernetes.io/name", MeshObjects.ApiServer.NAME);
        if (component != null) {
            labels.put("app.kubernetes.io/component", component);
        }
        return labels;
    }

    private ApiServerObjects() {
    }
}
