package org.fleetmesh.persistence.member;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import java.time.Instant;
import java.util.List;
import org.fleetmesh.domain.MeshMemberState;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.hibernate.Length;
import org.jspecify.annotations.Nullable;

/**
 * A member's place in its mesh: the Cilium identity it keeps for as long as it stays, its state there, and what the
 * last apply read from it and left on it. Stored in {@code mesh_memberships}, one row while the member is in a mesh.
 */
@Embeddable
public class MeshMembership {

    static final String TABLE = "mesh_memberships";
    /**
     * Text columns say they are {@code text}: Hibernate writes an optional secondary row with a statement that casts
     * each value to its column's declared type, and the default, {@code varchar(255)}, would cut a cluster snapshot.
     */
    private static final int TEXT = Length.LONG32;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "profile_id", table = TABLE)
    private ClusterMeshProfileEntity profile;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", table = TABLE)
    private MeshMemberState state;

    @Column(name = "cilium_cluster_id", table = TABLE)
    private Integer ciliumClusterId;

    @Column(name = "cilium_cluster_name", table = TABLE, length = TEXT)
    private String ciliumClusterName;

    @Column(name = "last_operation_id", table = TABLE, length = TEXT)
    private @Nullable String lastOperationId;

    @Column(name = "error", table = TABLE, length = TEXT)
    private @Nullable String error;

    @Column(name = "last_updated_at", table = TABLE)
    private @Nullable Instant lastUpdatedAt;

    @Column(name = "apiserver_addresses", table = TABLE, length = TEXT)
    private @Nullable String apiServerAddresses;

    @Column(name = "cluster_snapshot", table = TABLE, length = TEXT)
    private @Nullable String clusterSnapshot;

    @Column(name = "applied_apiserver_digest", table = TABLE, length = TEXT)
    private @Nullable String appliedApiServerDigest;

    @Column(name = "applied_peers_digest", table = TABLE, length = TEXT)
    private @Nullable String appliedPeersDigest;

    @Column(name = "cilium_version", table = TABLE, length = TEXT)
    private @Nullable String ciliumVersion;

    @Column(name = "certificates_not_after", table = TABLE)
    private @Nullable Instant certificatesNotAfter;

    protected MeshMembership() {
    }

    MeshMembership(ClusterMeshProfileEntity profile, int ciliumClusterId, String ciliumClusterName) {
        this.profile = profile;
        this.ciliumClusterId = ciliumClusterId;
        this.ciliumClusterName = ciliumClusterName;
    }

    public ClusterMeshProfileEntity getProfile() {
        return profile;
    }

    public boolean isIn(ClusterMeshProfileEntity mesh) {
        return profile.getId().equals(mesh.getId());
    }

    public MeshMemberState getState() {
        return state;
    }

    public boolean is(MeshMemberState expected) {
        return state == expected;
    }

    /** The member's Cilium cluster ID (1-255), unique in its mesh. */
    public int getCiliumClusterId() {
        return ciliumClusterId;
    }

    /** The member's Cilium cluster name, unique in its mesh. */
    public String getCiliumClusterName() {
        return ciliumClusterName;
    }

    public @Nullable String getLastOperationId() {
        return lastOperationId;
    }

    /** Why the member is Failed, as the service stores an ARM error; null otherwise. */
    public @Nullable String getError() {
        return error;
    }

    public @Nullable Instant getLastUpdatedAt() {
        return lastUpdatedAt;
    }

    public void setStatus(MeshMemberState state, @Nullable String error, @Nullable String operationId, Instant at) {
        this.state = state;
        this.error = error;
        this.lastOperationId = operationId;
        this.lastUpdatedAt = at;
    }

    /** Where the member's clustermesh-apiserver answers, as its peers are told; empty until it has an address. */
    public List<String> getApiServerAddresses() {
        return apiServerAddresses == null || apiServerAddresses.isEmpty() ? List.of()
                : List.of(apiServerAddresses.split(","));
    }

    public void setApiServerAddresses(List<String> addresses) {
        this.apiServerAddresses = addresses.isEmpty() ? null : String.join(",", addresses);
    }

    /** The member's cluster as the last apply read it from Azure (JSON), or null. */
    public @Nullable String getClusterSnapshot() {
        return clusterSnapshot;
    }

    public void setClusterSnapshot(@Nullable String clusterSnapshot) {
        this.clusterSnapshot = clusterSnapshot;
    }

    /** The digest of the clustermesh-apiserver the last successful apply left on the member; null until one did. */
    public @Nullable String getAppliedApiServerDigest() {
        return appliedApiServerDigest;
    }

    /** The digest of the peer list the last successful apply left on the member; null until one did. */
    public @Nullable String getAppliedPeersDigest() {
        return appliedPeersDigest;
    }

    public void setApplied(String apiServerDigest, String peersDigest) {
        this.appliedApiServerDigest = apiServerDigest;
        this.appliedPeersDigest = peersDigest;
    }

    /** Forgets what was applied, so that the next apply reads the member back instead of trusting the digests. */
    public void forgetApplied() {
        this.appliedApiServerDigest = null;
        this.appliedPeersDigest = null;
    }

    /** The Cilium version the last apply read from the member's agents, e.g. {@code 1.18.6}; null before. */
    public @Nullable String getCiliumVersion() {
        return ciliumVersion;
    }

    public void setCiliumVersion(String ciliumVersion) {
        this.ciliumVersion = ciliumVersion;
    }

    /** When the first of the member's mesh certificates expires; null while it holds none. */
    public @Nullable Instant getCertificatesNotAfter() {
        return certificatesNotAfter;
    }

    public void setCertificatesNotAfter(@Nullable Instant certificatesNotAfter) {
        this.certificatesNotAfter = certificatesNotAfter;
    }
}
