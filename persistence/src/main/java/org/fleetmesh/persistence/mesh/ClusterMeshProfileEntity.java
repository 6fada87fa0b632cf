package org.fleetmesh.persistence.mesh;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.UUID;
import org.fleetmesh.domain.MeshState;
import org.fleetmesh.persistence.ArmResourceRow;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "cluster_mesh_profiles")
public class ClusterMeshProfileEntity extends ArmResourceRow {

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "fleet_id", nullable = false)
    private FleetEntity fleet;

    @Column(name = "member_selector", nullable = false)
    private String memberSelector;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private MeshState state;

    @Column(name = "last_applied_member_selector")
    private @Nullable String lastAppliedMemberSelector;

    protected ClusterMeshProfileEntity() {
    }

    public ClusterMeshProfileEntity(UUID id, FleetEntity fleet, String name, MeshState state) {
        super(id, name);
        this.fleet = fleet;
        this.state = state;
    }

    public FleetEntity getFleet() {
        return fleet;
    }

    public String getMemberSelector() {
        return memberSelector;
    }

    public void setMemberSelector(String memberSelector) {
        this.memberSelector = memberSelector;
    }

    public MeshState getState() {
        return state;
    }

    public void setState(MeshState state) {
        this.state = state;
    }

    public @Nullable String getLastAppliedMemberSelector() {
        return lastAppliedMemberSelector;
    }

    public void setLastAppliedMemberSelector(@Nullable String lastAppliedMemberSelector) {
        this.lastAppliedMemberSelector = lastAppliedMemberSelector;
    }
}
