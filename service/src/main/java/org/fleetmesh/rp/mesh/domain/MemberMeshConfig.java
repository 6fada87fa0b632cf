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
    /** The agents' client certificate files in {@code cilium-clustermesh} ({@code .crt}, {@code .key}, {@code -ca.crt}). */
    public static final String LOCAL_ETCD_CLIENT = "local-etcd-client";

    /** The Secrets that hold each member's clustermesh-apiserver certificates, as Cilium's chart names them. */
    public static final String SERVER_CERT_SECRET = "clustermesh-apiserver-server-cert";
    public static final String ADMIN_CERT_SECRET = "clustermesh-apiserver-admin-cert";
    public static final String REMOTE_CERT_SECRET = "clustermesh-apiserver-remote-cert";
    public static final String LOCAL_CERT_SECRET = "clustermesh-apiserver-local-cert";

    /** Every Secret and ConfigMap the service creates on a member; removing the member from its mesh deletes them. */
    public static final List<String> OWNED_SECRETS = List.of(SERVER_CERT_SECRET, ADMIN_CERT_SECRET, REMOTE_CERT_SECRET,
            LOCAL_CERT_SECRET, CLUSTERMESH_SECRET, KVSTOREMESH_SECRET);
    public static final List<String> OWNED_CONFIG_MAPS = List.of(REMOTE_USERS);

    /** The keys of {@code cilium-config} the service owns; every other key belongs to AKS. */
    public static final Set<String> CILIUM_CONFIG_KEYS = Set.of("cluster-name", "cluster-id", "max-connected-clusters");

    /** One member's identity in the mesh. */
    public record Identity(String clusterName, int clusterId) {

        /** {@code <name>/<id>}: how the agents' pod templates record the identity they were restarted for. */
        public String text() {
            return clusterName + "/" + clusterId;
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
     * @param peers      the peers known so far, the pod's {@code hostAliases}
     */
    public static MeshObjects apiServer(Identity identity, Release release, Map<String, TlsSecret> tlsSecrets,
            List<MeshPeer> peers) {
        Map<String, String> ciliumConfig = Map.of(
                "cluster-name", identity.clusterName(),
                "cluster-id", Integer.toString(identity.clusterId()),
                "max-connected-clusters", Integer.toString(CiliumIdentities.MAX_CONNECTED_CLUSTERS));
        Map<String, MeshObjects.SecretData> secrets = new TreeMap<>();
        tlsSecrets.forEach((name, tls) -> secrets.put(name, new MeshObjects.SecretData(TLS_SECRET, Map.of(
                "ca.crt", tls.caCertificate(), "tls.crt", tls.certificate(), "tls.key", tls.privateKey()))));
        String trusted = tlsSecrets.values().stream().map(TlsSecret::caCertificate).findFirst().orElseThrow(
                () -> new IllegalArgumentException("a member's clustermesh-apiserver needs its TLS Secrets"));
        return new MeshObjects(ciliumConfig, secrets, Map.of(), release.apiServer(identity, peers, trusted));
    }

    /**
     * The second phase: every other member of the mesh as this member's peer, in the Secrets and the users ConfigMap
     * and in the clustermesh-apiserver's {@code hostAliases} (Cilium 1.17 and 1.18 resolve {@code <peer>.mesh.cilium.io}
     * only through them).
     *
     * @param localCertificate the member's {@code clustermesh-apiserver-local-cert}: AKS's agents mount only the
     *                         {@code cilium-clustermesh} Secret, so the files their configurations name go into it
     */
    public static MeshObjects peers(Identity identity, Release release, TlsSecret localCertificate, List<MeshPeer> peers) {
        List<MeshPeer> ordered = peers.stream().sorted(Comparator.comparing(MeshPeer::clusterName)).toList();
        Map<String, String> viaLocalApiServer = new LinkedHashMap<>();
        Map<String, String> direct = new LinkedHashMap<>();
        StringBuilder users = new StringBuilder("users:\n");
        for (MeshPeer peer : ordered) {
            viaLocalApiServer.put(peer.clusterName(), etcdConfig(
                    "https://" + MeshObjects.ApiServer.NAME + "." + MeshObjects.NAMESPACE + ".svc:" + MeshObjects.ApiServer.PORT,
                    LOCAL_ETCD_CLIENT));
            direct.put(peer.clusterName(), etcdConfig(
                    "https://" + peer.clusterName() + "." + MESH_DOMAIN + ":" + MeshObjects.ApiServer.PORT,
                    "common-etcd-client"));
            users.append("- name: remote-").append(peer.clusterName()).append("\n  role: remote\n");
        }
        viaLocalApiServer.put(LOCAL_ETCD_CLIENT + ".crt", localCertificate.certificate());
        viaLocalApiServer.put(LOCAL_ETCD_CLIENT + ".key", localCertificate.privateKey());
        viaLocalApiServer.put(LOCAL_ETCD_CLIENT + "-ca.crt", localCertificate.caCertificate());
        return new MeshObjects(Map.of(), Map.of(
                CLUSTERMESH_SECRET, new MeshObjects.SecretData(OPAQUE_SECRET, viaLocalApiServer),
                KVSTOREMESH_SECRET, new MeshObjects.SecretData(OPAQUE_SECRET, direct)),
                Map.of(REMOTE_USERS, Map.of("users.yaml", users.toString())),
                release.apiServer(identity, ordered, localCertificate.caCertificate()));
    }

    /** The clustermesh-apiserver image's repository and the Cilium release a member runs. */
    public record Release(String repository, CiliumVersion version) {
        /** @param trustedCa the CA bundle every one of the member's Secrets carries as {@code ca.crt} */
        MeshObjects.ApiServer apiServer(Identity identity, List<MeshPeer> peers, String trustedCa) {
            return new MeshObjects.ApiServer(repository, version, identity.clusterName(), identity.clusterId(), peers,
                    Sha256.hex(trustedCa));
        }
    }

    /** An etcd client configuration as the chart's {@code clustermesh-config} templates write it. */
    private static String etcdConfig(String endpoint, String filePrefix) {
        return "endpoints:\n- " + endpoint + "\n"
                + "trusted-ca-file: " + CLUSTERMESH_DIR + filePrefix + "-ca.crt\n"
                + "key-file: " + CLUSTERMESH_DIR + filePrefix + ".key\n"
                + "cert-file: " + CLUSTERMESH_DIR + filePrefix + ".crt";
    }

    private MemberMeshConfig() {
    }
}
