package org.fleetmesh.persistence.mesh;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.UUID;
import org.fleetmesh.persistence.ProvisionedResource;
import org.fleetmesh.persistence.ResourceNames;
import org.fleetmesh.persistence.SystemDataColumns;
import org.fleetmesh.persistence.fleet.FleetEntity;

@Entity
@Table(name = "cluster_mesh_profiles")
public class ClusterMeshProfileEntity implements ProvisionedResource {

    @Id
    private UUID id;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "fleet_id", nullable = false)
    private FleetEntity fleet;

    @Column(nullable = false)
    private String name;

    @Column(name = "name_key", nullable = false)
    private String nameKey;

    @Column(name = "member_selector", nullable = false)
    private String memberSelector;

    @Column(name = "provisioning_state", nullable = false)
    private String provisioningState;

    @Column(nullable = false)
    private String state;

    @Column(name = "last_applied_member_selector")
    private String lastAppliedMemberSelector;

    @Column(name = "last_operation_id")
    private String lastOperationId;

    @Column(name = "last_operation_error")
    private String lastOperationError;

    @Version
    private long version;

    @Embedded
    private SystemDataColumns systemData;

    protected ClusterMeshProfileEntity() {
    }

    public ClusterMeshProfileEntity(UUID id, FleetEntity fleet, String name, String state) {
        this.id = id;
        this.fleet = fleet;
        this.state = state;
        rename(name);
    }

    public void rename(String name) {
        this.name = name;
        this.nameKey = ResourceNames.key(name);
    }

    public UUID getId() {
        return id;
    }

    public FleetEntity getFleet() {
        return fleet;
    }

    public String getName() {
        return name;
    }

    public String getNameKey() {
        return nameKey;
    }

    public String getMemberSelector() {
        return memberSelector;
    }

    public void setMemberSelector(String memberSelector) {
        this.memberSelector = memberSelector;
    }

    @Override
    public String getProvisioningState() {
        return provisioningState;
    }

    @Override
    public void setProvisioningState(String provisioningState) {
        this.provisioningState = provisioningState;
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

    public String getLastOperationId() {
        return lastOperationId;
    }

    @Override
    public void setLastOperationId(String lastOperationId) {
        this.lastOperationId = lastOperationId;
    }

    public String getLastOperationError() {
        return lastOperationError;
    }

    @Override
    public void setLastOperationError(String lastOperationError) {
        this.lastOperationError = lastOperationError;
    }

    public long getVersion() {
        return version;
    }

    public SystemDataColumns getSystemData() {
        return systemData;
    }

    public void setSystemData(SystemDataColumns systemData) {
        this.systemData = systemData;
    }
}
