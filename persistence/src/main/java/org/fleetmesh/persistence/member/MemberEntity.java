package org.fleetmesh.persistence.member;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.PrimaryKeyJoinColumn;
import jakarta.persistence.SecondaryTable;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.fleetmesh.domain.MeshMemberState;
import org.fleetmesh.persistence.ArmResourceRow;
import org.fleetmesh.persistence.ResourceNames;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.hibernate.annotations.SecondaryRow;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "fleet_members")
@SecondaryTable(name = MeshMembership.TABLE, pkJoinColumns = @PrimaryKeyJoinColumn(name = "member_id"))
@SecondaryRow(table = MeshMembership.TABLE, optional = true)
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
    private @Nullable String group;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "fleet_member_labels", joinColumns = @JoinColumn(name = "member_id"))
    @MapKeyColumn(name = "label_key")
    @Column(name = "label_value", nullable = false)
    private Map<String, String> labels = new LinkedHashMap<>();

    /** Null while the member is in no mesh: its row in the optional secondary table exists only while it is. */
    @Embedded
    private @Nullable MeshMembership mesh;

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

    public @Nullable String getGroup() {
        return group;
    }

    public void setGroup(@Nullable String group) {
        this.group = group;
    }

    public Map<String, String> getLabels() {
        return labels;
    }

    public void replaceLabels(Map<String, String> newLabels) {
        labels.clear();
        labels.putAll(newLabels);
    }

    /** The member's place in its mesh; null while it is in none. */
    public @Nullable MeshMembership getMesh() {
        return mesh;
    }

    /** Whether the member is in a mesh and in that state there. */
    public boolean inMeshState(MeshMemberState state) {
        return mesh != null && mesh.is(state);
    }

    /** The member enters a mesh with the Cilium identity it keeps for as long as it stays. */
    public MeshMembership joinMesh(ClusterMeshProfileEntity profile, int clusterId, String clusterName,
            MeshMemberState state, String operationId, Instant at) {
        this.mesh = new MeshMembership(profile, clusterId, clusterName);
        mesh.setStatus(state, null, operationId, at);
        return mesh;
    }

    /** The member is out of its mesh: its Cilium identity is free for another member. */
    public void leaveMesh() {
        this.mesh = null;
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
