package org.fleetmesh.rp.mesh.domain;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Objects the service wants on one member cluster, all in the Cilium namespace: its own keys of the shared
 * {@code cilium-config}, whole Secrets and ConfigMaps it owns, and the clustermesh-apiserver (null when this
 * set does not include it). Maps are sorted so that the same state always renders the same bytes.
 */
public record MeshObjects(Map<String, String> ciliumConfig, Map<String, SecretData> secrets,
        Map<String, Map<String, String>> configMaps, ApiServer apiServer) {

    public static final String NAMESPACE = "kube-system";
    public static final String CILIUM_CONFIG = "cilium-config";

    public MeshObjects {
        ciliumConfig = sorted(ciliumConfig);
        secrets = sorted(secrets);
        configMaps = sorted(configMaps);
    }

    /** A Secret's type and its data as text; the adapter encodes it. */
    public record SecretData(String type, Map<String, String> data) {
        public SecretData {
            data = sorted(data);
        }

        /** Never the data: it holds private keys. */
        @Override
        public String toString() {
            return "SecretData[type=" + type + ", keys=" + data.keySet() + "]";
        }
    }

    /**
     * The clustermesh-apiserver Deployment and its internal load-balancer Service on port 2379, as the official chart of
     * {@code version}'s minor renders them.
     *
     * @param repository the image repository, without tag ({@code quay.io/cilium/clustermesh-apiserver})
     * @param peers      the peers the pod resolves as {@code <peer>.mesh.cilium.io} through its {@code hostAliases}
     * @param deployment whether the set includes the Deployment: a joining member's is left out until its peers are
     *                   known, so its pod starts once, with every peer, instead of restarting when they arrive
     */
    public record ApiServer(String repository, CiliumVersion version, String clusterName, int clusterId,
            List<MeshPeer> peers, String trustedCaDigest, boolean deployment) {
        public static final String NAME = "clustermesh-apiserver";
        public static final int PORT = 2379;
        /**
         * The pod-template annotation that records which CAs the pod was started trusting: etcd reads its
         * {@code --trusted-ca-file} only at start (it reloads its own certificate for each connection), so a change of
         * the mesh's CAs rolls the pod, and a rolled-out Deployment shows that the new pod trusts them.
         */
        public static final String TRUSTED_CA_ANNOTATION = "fleet.azure.com/trusted-ca";

        public ApiServer {
            peers = peers.stream().sorted(Comparator.comparing(MeshPeer::clusterName)).toList();
        }

        public ApiServer(String repository, CiliumVersion version, String clusterName, int clusterId,
                List<MeshPeer> peers, String trustedCaDigest) {
            this(repository, version, clusterName, clusterId, peers, trustedCaDigest, true);
        }

        public String image() {
            return repository + ":" + version.tag();
        }
    }

    /** The same set without the clustermesh-apiserver's Deployment (its Services, RBAC and the rest stay). */
    public MeshObjects withoutApiServerDeployment() {
        return apiServer == null ? this : new MeshObjects(ciliumConfig, secrets, configMaps, new ApiServer(
                apiServer.repository, apiServer.version, apiServer.clusterName, apiServer.clusterId, apiServer.peers,
                apiServer.trustedCaDigest, false));
    }

    /** Both sets together, as the read-back after an apply expects them. */
    public MeshObjects with(MeshObjects other) {
        Map<String, String> config = new TreeMap<>(ciliumConfig);
        config.putAll(other.ciliumConfig);
        Map<String, SecretData> allSecrets = new TreeMap<>(secrets);
        allSecrets.putAll(other.secrets);
        Map<String, Map<String, String>> maps = new TreeMap<>(configMaps);
        maps.putAll(other.configMaps);
        return new MeshObjects(config, allSecrets, maps, apiServer != null ? apiServer : other.apiServer);
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
