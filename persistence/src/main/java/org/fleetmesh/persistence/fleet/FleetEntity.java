package org.fleetmesh.persistence.fleet;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.fleetmesh.persistence.ArmResourceRow;
import org.fleetmesh.persistence.ResourceNames;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "fleets")
public class FleetEntity extends ArmResourceRow {

    @Column(name = "subscription_id", nullable = false)
    private String subscriptionId;

    @Column(name = "resource_group", nullable = false)
    private String resourceGroup;

    @Column(name = "resource_group_key", nullable = false)
    private String resourceGroupKey;

    @Column(nullable = false)
    private String location;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "fleet_tags", joinColumns = @JoinColumn(name = "fleet_id"))
    @MapKeyColumn(name = "tag_key")
    @Column(name = "tag_value", nullable = false)
    private Map<String, String> tags = new LinkedHashMap<>();

    /** The managed identity type the fleet was written with, echoed back; null when none was sent. */
    @Column(name = "identity_type")
    private @Nullable String identityType;

    protected FleetEntity() {
    }

    public FleetEntity(UUID id, String subscriptionId, String resourceGroup, String name, String location) {
        super(id, name);
        this.subscriptionId = subscriptionId;
        this.location = location;
        moveToGroupNamed(resourceGroup);
    }

    /** Keeps the caller's latest casing of the resource group and fleet names. */
    public void rename(String resourceGroup, String name) {
        moveToGroupNamed(resourceGroup);
        rename(name);
    }

    private void moveToGroupNamed(String resourceGroup) {
        this.resourceGroup = resourceGroup;
        this.resourceGroupKey = ResourceNames.key(resourceGroup);
    }

    public String getSubscriptionId() {
        return subscriptionId;
    }

    public String getResourceGroup() {
        return resourceGroup;
    }

    public String getResourceGroupKey() {
        return resourceGroupKey;
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

    public @Nullable String getIdentityType() {
        return identityType;
    }

    public void setIdentityType(@Nullable String identityType) {
        this.identityType = identityType;
    }
}
