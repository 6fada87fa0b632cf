package org.fleetmesh.persistence.member;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.fleetmesh.persistence.ProvisionedResource;
import org.fleetmesh.persistence.ResourceNames;
import org.fleetmesh.persistence.SystemDataColumns;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;

@Entity
@Table(name = "fleet_members")
public class MemberEntity implements ProvisionedResource {

    @Id
    private UUID id;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "fleet_id", nullable = false)
    private FleetEntity fleet;

    @Column(nullable = false)
    private String name;

    @Column(name = "name_key", nullable = false)
    private String nameKey;

    @Column(name = "cluster_resource_id", nullable = false)
    private String clusterResourceId;

    @Column(name = "cluster_resource_key", nullable = false)
    private String clusterResourceKey;

    @Column(name = "member_group")
    private String group;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "fleet_member_labels", joinColumns = @JoinColumn(name = "member_id"))
    @MapKeyColumn(name = "label_key")
    @Column(name = "label_value", nullable = false)
    private Map<String, String> labels = new LinkedHashMap<>();

    @Column(name = "provisioning_state", nullable = false)
    private String provisioningState;

    @Column(name = "last_operation_id")
    private String lastOperationId;

    @Column(name = "last_operation_error")
    private String lastOperationError;

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

    @Version
    private long version;

    @Embedded
    private SystemDataColumns systemData;

    protected MemberEntity() {
    }

    public MemberEntity(UUID id, FleetEntity fleet, String name, String clusterResourceId) {
        this.id = id;
        this.fleet = fleet;
        this.clusterResourceId = clusterResourceId;
        this.clusterResourceKey = ResourceNames.key(clusterResourceId);
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

    @Override
    public String getProvisioningState() {
        return provisioningState;
    }

    @Override
    public void setProvisioningState(String provisioningState) {
        this.provisioningState = provisioningState;
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

    /** Records this member's place in a mesh; the database keeps cluster ids and names unique per mesh. */
    public void joinMesh(ClusterMeshProfileEntity profile, int clusterId, String clusterName, String state,
            String operationId, Instant at) {
        this.meshProfile = profile;
        this.ciliumClusterId = clusterId;
        this.ciliumClusterName = clusterName;
        updateMeshStatus(state, operationId, null, at);
    }

    public void updateMeshStatus(String state, String operationId, String error, Instant at) {
        this.meshState = state;
        this.meshLastOperationId = operationId;
        this.meshError = error;
        this.meshLastUpdatedAt = at;
    }

    public void leaveMesh() {
        this.meshProfile = null;
        this.meshState = null;
        this.ciliumClusterId = null;
        this.ciliumClusterName = null;
        this.meshLastOperationId = null;
        this.meshError = null;
        this.meshLastUpdatedAt = null;
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
