package org.fleetmesh.rp.mesh.pki;

import java.util.List;
import org.fleetmesh.rp.mesh.domain.CiliumIdentities;
import org.fleetmesh.rp.mesh.domain.MemberMeshConfig;
import org.fleetmesh.rp.mesh.domain.MeshObjects;

/**
 * The four certificates each mesh member's clustermesh-apiserver setup needs, as the Cilium Helm chart names them
 * (secrets of type {@code kubernetes.io/tls} in the Cilium namespace, keys {@code ca.crt}, {@code tls.crt},
 * {@code tls.key}). Client common names follow Cilium's {@code tls.authMode: cluster}.
 */
public enum MemberCertificateKind {

    /** The member's clustermesh-apiserver (etcd) serving certificate. */
    SERVER(MemberMeshConfig.SERVER_CERT_SECRET),
    /** The apiserver's own admin client ({@code admin-<cluster>}). */
    ADMIN(MemberMeshConfig.ADMIN_CERT_SECRET),
    /** This member's agents / KVStoreMesh logging into the other members' apiservers ({@code remote-<cluster>}). */
    REMOTE(MemberMeshConfig.REMOTE_CERT_SECRET),
    /** This member's agents logging into its own KVStoreMesh ({@code local-<cluster>}). */
    LOCAL(MemberMeshConfig.LOCAL_CERT_SECRET);

    /** The namespace Cilium runs in on AKS; the server certificate names the apiserver's Service there. */
    public static final String CILIUM_NAMESPACE = MeshObjects.NAMESPACE;

    static final String SERVER_COMMON_NAME = "clustermesh-apiserver.cilium.io";


    private final String secretName;

    MemberCertificateKind(String secretName) {
        this.secretName = secretName;
    }

    /** The Kubernetes secret in the Cilium namespace this certificate goes to. */
    public String secretName() {
        return secretName;
    }

    /** The subject common name for a member whose Cilium cluster name is the one given. */
    public String commonName(String ciliumClusterName) {
        requireValidClusterName(ciliumClusterName);
        return switch (this) {
            case SERVER -> SERVER_COMMON_NAME;
            case ADMIN -> "admin-" + ciliumClusterName;
            case REMOTE -> "remote-" + ciliumClusterName;
            case LOCAL -> "local-" + ciliumClusterName;
        };
    }

    /** DNS subject alternative names. */
    List<String> dnsNames() {
        return switch (this) {
            case SERVER -> List.of(SERVER_COMMON_NAME, "*.mesh.cilium.io",
                    "clustermesh-apiserver." + CILIUM_NAMESPACE + ".svc");
            case ADMIN -> List.of("localhost");
            case REMOTE, LOCAL -> List.of();
        };
    }

    /** IP subject alternative names. */
    List<String> ipAddresses() {
        return this == SERVER ? List.of("127.0.0.1", "::1") : List.of();
    }

    /** Whether the certificate serves TLS; every kind is a TLS client (the server too, as Cilium's certgen does). */
    boolean serverAuth() {
        return this == SERVER;
    }

    static void requireValidClusterName(String ciliumClusterName) {
        if (ciliumClusterName == null || !CiliumIdentities.isValidClusterName(ciliumClusterName)) {
            throw new IllegalArgumentException("Not a valid Cilium cluster name: " + ciliumClusterName
                    + " (1-32 characters, lower-case letters, digits and inner dashes)");
        }
    }
}
