package org.fleetmesh.persistence.member;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fleetmesh.persistence.ArmResourceRow;
import org.fleetmesh.persistence.ResourceNames;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;

@Entity
@Table(name = "fleet_members")
public class MemberEntity extends ArmResourceRow {

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "fleet_id", nullable = false)
    private FleetEntity fleet;

    @Column(name = "cluster_resource_id", nullable = false)
    private String clusterResourceId;

    @Column(name = "cluster_resource_key", nullable = false)
    private String clusterResourceKey;

    /** Whether the member holds its cluster (one fleet per cluster); a join that could not read the cluster releases it. */
    @Column(name = "claims_cluster", nullable = false)
    private boolean claimsCluster = true;

    @Column(name = "member_group")
    private String group;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "fleet_member_labels", joinColumns = @JoinColumn(name = "member_id"))
    @MapKeyColumn(name = "label_key")
    @Column(name = "label_value", nullable = false)
    private Map<String, String> labels = new LinkedHashMap<>();

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "mesh_profile_id")
    private ClusterMeshProfileEntity meshProfile;

    @Column(name = "mesh_state")
    private String meshState;

    @Column(name = "cilium_cluster_id")
    private Integer ciliumClusterId;

    @Column(name = "cilium_cluster_name")
    private String ciliumClusterName;

    @Column(name = "mesh_last_operation_id")
    private String meshLastOperationId;

    @Column(name = "mesh_error")
    private String meshError;

    @Column(name = "mesh_last_updated_at")
    private Instant meshLastUpdatedAt;

    @Column(name = "mesh_apiserver_addresses")
    private String meshApiServerAddresses;

    @Column(name = "mesh_cluster_snapshot")
    private String meshClusterSnapshot;

    @Column(name = "mesh_applied_digest")
    private String meshAppliedDigest;

    @Column(name = "cilium_version")
    private String ciliumVersion;

    @Column(name = "mesh_certificates_not_after")
    private Instant meshCertificatesNotAfter;

    protected MemberEntity() {
    }

    public MemberEntity(UUID id, FleetEntity fleet, String name, String clusterResourceId) {
        super(id, name);
        this.fleet = fleet;
        this.clusterResourceId = clusterResourceId;
        this.clusterResourceKey = ResourceNames.key(clusterResourceId);
    }

    public FleetEntity getFleet() {
        return fleet;
    }

    public String getClusterResourceId() {
        return clusterResourceId;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public Map<String, String> getLabels() {
        return labels;
    }

    public void replaceLabels(Map<String, String> newLabels) {
        labels.clear();
        labels.putAll(newLabels);
    }

    public ClusterMeshProfileEntity getMeshProfile() {
        return meshProfile;
    }

    public String getMeshState() {
        return meshState;
    }

    public Integer getCiliumClusterId() {
        return ciliumClusterId;
    }

    public String getCiliumClusterName() {
        return ciliumClusterName;
    }

    public String getMeshLastOperationId() {
        return meshLastOperationId;
    }

    public String getMeshError() {
        return meshError;
    }

    public Instant getMeshLastUpdatedAt() {
        return meshLastUpdatedAt;
    }

    /** The member enters a mesh with the Cilium identity it keeps for as long as it stays. */
    public void joinMesh(ClusterMeshProfileEntity profile, int clusterId, String clusterName, String state,
            String operationId, Instant at) {
        this.meshProfile = profile;
        this.ciliumClusterId = clusterId;
        this.ciliumClusterName = clusterName;
        this.meshApiServerAddresses = null;
        setMeshStatus(state, null, operationId, at);
    }

    public void setMeshStatus(String state, String error, String operationId, Instant at) {
        this.meshState = state;
        this.meshError = error;
        this.meshLastOperationId = operationId;
        this.meshLastUpdatedAt = at;
    }

    /** The member is out of its mesh: its Cilium identity is free for another member. */
    public void leaveMesh() {
        this.meshProfile = null;
        this.meshState = null;
        this.ciliumClusterId = null;
        this.ciliumClusterName = null;
        this.meshLastOperationId = null;
        this.meshError = null;
        this.meshLastUpdatedAt = null;
        this.meshApiServerAddresses = null;
        this.meshClusterSnapshot = null;
        this.meshAppliedDigest = null;
        this.ciliumVersion = null;
        this.meshCertificatesNotAfter = null;
    }

    /** The Cilium version the last apply read from the member's agents, e.g. {@code 1.18.6}; null before. */
    public String getCiliumVersion() {
        return ciliumVersion;
    }

    public void setCiliumVersion(String ciliumVersion) {
        this.ciliumVersion = ciliumVersion;
    }

    /** When the first of the member's mesh certificates expires; null while it holds none. */
    public Instant getMeshCertificatesNotAfter() {
        return meshCertificatesNotAfter;
    }

    public void setMeshCertificatesNotAfter(Instant meshCertificatesNotAfter) {
        this.meshCertificatesNotAfter = meshCertificatesNotAfter;
    }

    /** What the last successful apply left on the member, as digests; null until one succeeded. */
    public String getMeshAppliedDigest() {
        return meshAppliedDigest;
    }

    public void setMeshAppliedDigest(String meshAppliedDigest) {
        this.meshAppliedDigest = meshAppliedDigest;
    }

    /** The member's cluster as the last apply read it from Azure (JSON), or null. */
    public String getMeshClusterSnapshot() {
        return meshClusterSnapshot;
    }

    public void setMeshClusterSnapshot(String meshClusterSnapshot) {
        this.meshClusterSnapshot = meshClusterSnapshot;
    }

    /** Where the member's clustermesh-apiserver answers, as its peers are told; empty until it has an address. */
    public List<String> getMeshApiServerAddresses() {
        return meshApiServerAddresses == null || meshApiServerAddresses.isEmpty() ? List.of()
                : List.of(meshApiServerAddresses.split(","));
    }

    public void setMeshApiServerAddresses(List<String> addresses) {
        this.meshApiServerAddresses = addresses.isEmpty() ? null : String.join(",", addresses);
    }

    public boolean claimsCluster() {
        return claimsCluster;
    }

    public void claimCluster() {
        this.claimsCluster = true;
    }

    public void releaseClusterClaim() {
        this.claimsCluster = false;
    }
}
