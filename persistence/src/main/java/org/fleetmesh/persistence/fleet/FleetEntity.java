package org.fleetmesh.persistence.fleet;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.fleetmesh.persistence.ProvisionedResource;
import org.fleetmesh.persistence.ResourceNames;
import org.fleetmesh.persistence.SystemDataColumns;

@Entity
@Table(name = "fleets")
public class FleetEntity implements ProvisionedResource {

    @Id
    private UUID id;

    @Column(name = "subscription_id", nullable = false)
    private String subscriptionId;

    @Column(name = "resource_group", nullable = false)
    private String resourceGroup;

    @Column(name = "resource_group_key", nullable = false)
    private String resourceGroupKey;

    @Column(nullable = false)
    private String name;

    @Column(name = "name_key", nullable = false)
    private String nameKey;

    @Column(nullable = false)
    private String location;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "fleet_tags", joinColumns = @JoinColumn(name = "fleet_id"))
    @MapKeyColumn(name = "tag_key")
    @Column(name = "tag_value", nullable = false)
    private Map<String, String> tags = new LinkedHashMap<>();

    @Column(name = "provisioning_state", nullable = false)
    private String provisioningState;

    @Column(name = "last_operation_id")
    private String lastOperationId;

    @Column(name = "last_operation_error")
    private String lastOperationError;

    @Version
    private long version;

    @Embedded
    private SystemDataColumns systemData;

    protected FleetEntity() {
    }

    public FleetEntity(UUID id, String subscriptionId, String resourceGroup, String name, String location) {
        this.id = id;
        this.subscriptionId = subscriptionId;
        this.location = location;
        rename(resourceGroup, name);
    }

    /** Keeps the caller's latest casing of the resource group and fleet names. */
    public void rename(String resourceGroup, String name) {
        this.resourceGroup = resourceGroup;
        this.resourceGroupKey = ResourceNames.key(resourceGroup);
        this.name = name;
        this.nameKey = ResourceNames.key(name);
    }

    public UUID getId() {
        return id;
    }

    public String getSubscriptionId() {
        return subscriptionId;
    }

    public String getResourceGroup() {
        return resourceGroup;
    }

    public String getName() {
        return name;
    }

    public String getResourceGroupKey() {
        return resourceGroupKey;
    }

    public String getNameKey() {
        return nameKey;
    }

    public String getLocation() {
        return location;
    }

    public Map<String, String> getTags() {
        return tags;
    }

    public void replaceTags(Map<String, String> newTags) {
        tags.clear();
        tags.putAll(newTags);
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
