package org.fleetmesh.rp.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.TreeMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.fleetmesh.rp.mesh.domain.MemberMeshConfig;
import org.fleetmesh.rp.mesh.domain.MeshObjects;

/**
 * The clustermesh-apiserver as Cilium's Helm chart deploys it with KVStoreMesh: etcd, the apiserver and KVStoreMesh
 * in one pod, behind an internal Azure load balancer on port 2379. Objects the service creates carry its
 * managed-by label and a digest of the state they were written with: the API server fills in defaults, so
 * comparing the digest is how "already as desired" is told apart from "changed".
 */
final class ApiServerObjects {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "fleetmesh";
    static final String DESIRED_STATE = "fleetmesh.azure.com/desired-state";
    private static final Map<String, String> SELECTOR = Map.of("k8s-app", MeshObjects.ApiServer.NAME);
    private static final String CLUSTERMESH_DIR = "/var/lib/cilium/clustermesh/";

    static <T extends HasMetadata> T owned(T object) {
        object.getMetadata().setNamespace(MeshObjects.NAMESPACE);
        return ownedClusterWide(object);
    }

    static <T extends HasMetadata> T ownedClusterWide(T object) {
        Map<String, String> labels = object.getMetadata().getLabels() == null ? new TreeMap<>()
                : new TreeMap<>(object.getMetadata().getLabels());
        labels.put(MANAGED_BY, MANAGER);
        object.getMetadata().setLabels(labels);
        return object;
    }

    static boolean isOwned(HasMetadata object) {
        return object.getMetadata().getLabels() != null && MANAGER.equals(object.getMetadata().getLabels().get(MANAGED_BY));
    }

    static boolean sameDesiredState(HasMetadata current, HasMetadata desired) {
        return current != null && isOwned(current) && current.getMetadata().getAnnotations() != null
                && desired.getMetadata().getAnnotations().get(DESIRED_STATE)
                        .equals(current.getMetadata().getAnnotations().get(DESIRED_STATE));
    }

    static Deployment deployment(MeshObjects.ApiServer apiServer) {
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata().withName(MeshObjects.ApiServer.NAME).withLabels(SELECTOR).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(SELECTOR).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(SELECTOR).endMetadata()
                .withNewSpec()
                .withServiceAccountName(MeshObjects.ApiServer.NAME)
                .addNewContainer().withName("etcd").withImage(apiServer.image())
                .withCommand("/usr/bin/etcd")
                .withArgs("--data-dir=/var/run/etcd", "--name=" + apiServer.clusterName(),
                        "--client-cert-auth", "--trusted-ca-file=/var/lib/etcd-secrets/ca.crt",
                        "--cert-file=/var/lib/etcd-secrets/tls.crt", "--key-file=/var/lib/etcd-secrets/tls.key",
                        "--listen-client-urls=https://127.0.0.1:2379,https://[$(HOSTNAME_IP)]:2379",
                        "--advertise-client-urls=https://[$(HOSTNAME_IP)]:2379")
                .addNewEnv().withName("HOSTNAME_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().endEnv()
                .addNewPort().withName("etcd").withContainerPort(MeshObjects.ApiServer.PORT).endPort()
                .addNewVolumeMount().withName("etcd-server-secrets").withMountPath("/var/lib/etcd-secrets")
                .withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("etcd-data-dir").withMountPath("/var/run/etcd").endVolumeMount()
                .endContainer()
                .addNewContainer().withName("apiserver").withImage(apiServer.image())
                .withCommand("/usr/bin/clustermesh-apiserver")
                .withArgs("clustermesh", "--cluster-name=" + apiServer.clusterName(),
                        "--cluster-id=" + apiServer.clusterId(), "--kvstore-opt=etcd.config=/var/lib/cilium/etcd-config.yaml",
                        "--max-connected-clusters=255", "--clustermesh-users-config=/var/lib/cilium/clustermesh-users/users.yaml")
                .addNewVolumeMount().withName("etcd-admin-client").withMountPath("/var/lib/cilium/etcd-secrets")
                .withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("clustermesh-users").withMountPath("/var/lib/cilium/clustermesh-users")
                .withReadOnly(true).endVolumeMount()
                .endContainer()
                .addNewContainer().withName("kvstoremesh").withImage(apiServer.image())
                .withCommand("/usr/bin/clustermesh-apiserver")
                .withArgs("kvstoremesh", "--cluster-name=" + apiServer.clusterName(),
                        "--cluster-id=" + apiServer.clusterId(), "--clustermesh-config=" + CLUSTERMESH_DIR)
                .addNewVolumeMount().withName("kvstoremesh-secrets").withMountPath(CLUSTERMESH_DIR)
                .withReadOnly(true).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("etcd-server-secrets").withNewSecret()
                .withSecretName(MemberMeshConfig.SERVER_CERT_SECRET).endSecret().endVolume()
                .addNewVolume().withName("etcd-admin-client").withNewSecret()
                .withSecretName(MemberMeshConfig.ADMIN_CERT_SECRET).endSecret().endVolume()
                .addNewVolume().withName("clustermesh-users").withNewConfigMap()
                .withName(MemberMeshConfig.REMOTE_USERS).endConfigMap().endVolume()
                .addNewVolume().withName("kvstoremesh-secrets").withNewSecret()
                .withSecretName(MemberMeshConfig.KVSTOREMESH_SECRET).endSecret().endVolume()
                .addNewVolume().withName("etcd-data-dir").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().endTemplate().endSpec().build();
        return withDigest(owned(deployment));
    }

    /**
     * The identity the clustermesh-apiserver pod runs as, and what it may read: the cluster's services, endpoints and
     * Cilium identities it exports to the peers (modelled on the Cilium chart's clustermesh-apiserver role).
     */
    static List<HasMetadata> identity() {
        ServiceAccount account = new ServiceAccountBuilder().withNewMetadata().withName(MeshObjects.ApiServer.NAME)
                .endMetadata().build();
        ClusterRole role = new ClusterRoleBuilder().withNewMetadata().withName(MeshObjects.ApiServer.NAME).endMetadata()
                .addNewRule().withApiGroups("").withResources("namespaces", "services", "pods", "endpoints", "nodes")
                .withVerbs("get", "list", "watch").endRule()
                .addNewRule().withApiGroups("discovery.k8s.io").withResources("endpointslices")
                .withVerbs("get", "list", "watch").endRule()
                .addNewRule().withApiGroups("apiextensions.k8s.io").withResources("customresourcedefinitions")
                .withVerbs("get", "list", "watch").endRule()
                .addNewRule().withApiGroups("cilium.io").withResources("ciliumidentities", "ciliumendpoints", "ciliumnodes",
                        "ciliumendpointslices", "ciliumexternalworkloads").withVerbs("get", "list", "watch").endRule()
                .build();
        ClusterRoleBinding binding = new ClusterRoleBindingBuilder().withNewMetadata().withName(MeshObjects.ApiServer.NAME)
                .endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                .withName(MeshObjects.ApiServer.NAME).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(MeshObjects.ApiServer.NAME)
                .withNamespace(MeshObjects.NAMESPACE).endSubject()
                .build();
        return List.of(withDigest(owned(account)), withDigest(ownedClusterWide(role)), withDigest(ownedClusterWide(binding)));
    }

    static Service service() {
        Service service = new ServiceBuilder()
                .withNewMetadata().withName(MeshObjects.ApiServer.NAME).withLabels(SELECTOR)
                // An address inside the members' flat network: peers reach each other over VNet peering.
                .addToAnnotations("service.beta.kubernetes.io/azure-load-balancer-internal", "true")
                .endMetadata()
                .withNewSpec().withType("LoadBalancer").withSelector(SELECTOR)
                .addNewPort().withName("apiserver-port").withProtocol("TCP").withPort(MeshObjects.ApiServer.PORT)
                .withTargetPort(new IntOrString(MeshObjects.ApiServer.PORT)).endPort()
                .endSpec().build();
        return withDigest(owned(service));
    }

    private static <T extends HasMetadata> T withDigest(T object) {
        String digest = sha256(Serialization.asJson(object));
        Map<String, String> annotations = object.getMetadata().getAnnotations() == null ? new TreeMap<>()
                : new TreeMap<>(object.getMetadata().getAnnotations());
        annotations.put(DESIRED_STATE, digest);
        object.getMetadata().setAnnotations(annotations);
        return object;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private ApiServerObjects() {
    }
}
