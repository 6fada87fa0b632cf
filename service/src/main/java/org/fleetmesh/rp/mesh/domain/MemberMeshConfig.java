package org.fleetmesh.rp.mesh.domain;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What each member of a mesh receives, in upstream Cilium's formats (Helm chart {@code clustermesh-config} and
 * {@code clustermesh-apiserver} templates): its cluster identity in {@code cilium-config}, the clustermesh-apiserver
 * with its TLS material, and its peers. KVStoreMesh is on, so agents read every peer from their local apiserver
 * ({@code cilium-clustermesh}) and KVStoreMesh reads the real peers ({@code cilium-kvstoremesh}).
 */
public final class MemberMeshConfig {

    public static final String CLUSTERMESH_SECRET = "cilium-clustermesh";
    public static final String KVSTOREMESH_SECRET = "cilium-kvstoremesh";
    public static final String REMOTE_USERS = "clustermesh-remote-users";
    public static final String MESH_DOMAIN = "mesh.cilium.io";
    static final String TLS_SECRET = "kubernetes.io/tls";
    static final String OPAQUE_SECRET = "Opaque";
    private static final String CLUSTERMESH_DIR = "/var/lib/cilium/clustermesh/";

    /** The Secrets that hold each member's clustermesh-apiserver certificates, as Cilium's chart names them. */
    public static final String SERVER_CERT_SECRET = "clustermesh-apiserver-server-cert";
    public static final String ADMIN_CERT_SECRET = "clustermesh-apiserver-admin-cert";
    public static final String REMOTE_CERT_SECRET = "clustermesh-apiserver-remote-cert";
    public static final String LOCAL_CERT_SECRET = "clustermesh-apiserver-local-cert";

    /** Every Secret and ConfigMap the service creates on a member; removing the member from its mesh deletes them. */
    public static final List<String> OWNED_SECRETS = List.of(SERVER_CERT_SECRET, ADMIN_CERT_SECRET, REMOTE_CERT_SECRET,
            LOCAL_CERT_SECRET, "cilium-clustermesh", "cilium-kvstoremesh");
    public static final List<String> OWNED_CONFIG_MAPS = List.of("clustermesh-remote-users");

    /** The keys of {@code cilium-config} the service owns; every other key belongs to AKS. */
    public static final Set<String> CILIUM_CONFIG_KEYS = Set.of("cluster-name", "cluster-id", "max-connected-clusters");

    /** One member's identity in the mesh. */
    public record Identity(String clusterName, int clusterId) {
    }

    /** A peer as the others reach it: its Cilium name and the addresses of its clustermesh-apiserver. */
    public record Peer(String clusterName, List<String> addresses) {
        public Peer {
            addresses = List.copyOf(addresses);
        }
    }

    /** The PEM texts of one TLS Secret: the mesh CA, the certificate and its private key. */
    public record TlsSecret(String caCertificate, String certificate, String privateKey) {
        @Override
        public String toString() {
            return "TlsSecret[private key redacted]";
        }
    }

    /**
     * The first phase of joining: the member's identity and its clustermesh-apiserver, which the others can only
     * be told about once it has an address.
     *
     * @param tlsSecrets the member's certificates by Secret name
     */
    public static MeshObjects apiServer(Identity identity, String image, Map<String, TlsSecret> tlsSecrets) {
        Map<String, String> ciliumConfig = Map.of(
                "cluster-name", identity.clusterName(),
                "cluster-id", Integer.toString(identity.clusterId()),
                "max-connected-clusters", Integer.toString(CiliumIdentities.MAX_CONNECTED_CLUSTERS));
        Map<String, MeshObjects.SecretData> secrets = new TreeMap<>();
        tlsSecrets.forEach((name, tls) -> secrets.put(name, new MeshObjects.SecretData(TLS_SECRET, Map.of(
                "ca.crt", tls.caCertificate(), "tls.crt", tls.certificate(), "tls.key", tls.privateKey()))));
        return new MeshObjects(ciliumConfig, secrets, Map.of(),
                new MeshObjects.ApiServer(image, identity.clusterName(), identity.clusterId()));
    }

    /** The second phase: every other member of the mesh as this member's peer. */
    public static MeshObjects peers(List<Peer> peers) {
        List<Peer> ordered = peers.stream().sorted(Comparator.comparing(Peer::clusterName)).toList();
        Map<String, String> viaLocalApiServer = new LinkedHashMap<>();
        Map<String, String> direct = new LinkedHashMap<>();
        StringBuilder users = new StringBuilder("users:\n");
        for (Peer peer : ordered) {
            viaLocalApiServer.put(peer.clusterName(), etcdConfig(
                    "https://" + MeshObjects.ApiServer.NAME + "." + MeshObjects.NAMESPACE + ".svc:" + MeshObjects.ApiServer.PORT,
                    "local-etcd-client", null));
            direct.put(peer.clusterName(), etcdConfig(
                    "https://" + peer.clusterName() + "." + MESH_DOMAIN + ":" + MeshObjects.ApiServer.PORT,
                    "common-etcd-client", peer));
            users.append("- name: remote-").append(peer.clusterName()).append("\n  role: remote\n");
        }
        return new MeshObjects(Map.of(), Map.of(
                CLUSTERMESH_SECRET, new MeshObjects.SecretData(OPAQUE_SECRET, viaLocalApiServer),
                KVSTOREMESH_SECRET, new MeshObjects.SecretData(OPAQUE_SECRET, direct)),
                Map.of(REMOTE_USERS, Map.of("users.yaml", ordered.isEmpty() ? "users: []\n" : users.toString())), null);
    }

    /**
     * An etcd client configuration as the agent reads it. The peer's certificate names {@code *.mesh.cilium.io},
     * not its address, so the address travels as a host alias (Cilium 1.20 and later).
     */
    private static String etcdConfig(String endpoint, String filePrefix, Peer aliasedPeer) {
        StringBuilder yaml = new StringBuilder()
                .append("endpoints:\n- ").append(endpoint).append('\n')
                .append("trusted-ca-file: ").append(CLUSTERMESH_DIR).append(filePrefix).append("-ca.crt\n")
                .append("key-file: ").append(CLUSTERMESH_DIR).append(filePrefix).append(".key\n")
                .append("cert-file: ").append(CLUSTERMESH_DIR).append(filePrefix).append(".crt\n");
        if (aliasedPeer != null) {
            yaml.append("cilium-host-aliases:\n- hostname: ").append(aliasedPeer.clusterName()).append('.').append(MESH_DOMAIN)
                    .append("\n  ips:\n");
            aliasedPeer.addresses().forEach(ip -> yaml.append("  - ").append(ip).append('\n'));
        }
        return yaml.toString();
    }

    private MemberMeshConfig() {
    }
}
