package org.fleetmesh.persistence.mesh;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.UUID;
import org.fleetmesh.persistence.ArmResourceRow;
import org.fleetmesh.persistence.fleet.FleetEntity;

@Entity
@Table(name = "cluster_mesh_profiles")
public class ClusterMeshProfileEntity extends ArmResourceRow {

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "fleet_id", nullable = false)
    private FleetEntity fleet;

    @Column(name = "member_selector", nullable = false)
    private String memberSelector;

    @Column(nullable = false)
    private String state;

    @Column(name = "last_applied_member_selector")
    private String lastAppliedMemberSelector;

    protected ClusterMeshProfileEntity() {
    }

    public ClusterMeshProfileEntity(UUID id, FleetEntity fleet, String name, String state) {
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

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getLastAppliedMemberSelector() {
        return lastAppliedMemberSelector;
    }

    public void setLastAppliedMemberSelector(String lastAppliedMemberSelector) {
        this.lastAppliedMemberSelector = lastAppliedMemberSelector;
    }
}
