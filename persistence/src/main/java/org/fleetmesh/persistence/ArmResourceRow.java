package org.fleetmesh.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import java.util.UUID;
import org.fleetmesh.domain.ProvisioningState;
import org.jspecify.annotations.Nullable;

/**
 * What every resource row shares: its identity, its name as the caller last spelled it (and the lower-case key
 * that makes names unique regardless of case), the state of its long-running operations, the optimistic-lock
 * version its ETag derives from, and systemData.
 */
@MappedSuperclass
public abstract class ArmResourceRow {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String name;

    @Column(name = "name_key", nullable = false)
    private String nameKey;

    @Enumerated(EnumType.STRING)
    @Column(name = "provisioning_state", nullable = false)
    private ProvisioningState provisioningState;

    @Column(name = "last_operation_id")
    private @Nullable String lastOperationId;

    @Column(name = "last_operation_error")
    private @Nullable String lastOperationError;

    @Version
    private long version;

    @Embedded
    private @Nullable SystemDataColumns systemData;

    protected ArmResourceRow() {
    }

    protected ArmResourceRow(UUID id, String name) {
        this.id = id;
        rename(name);
    }

    /** Keeps the caller's latest casing of the name. */
    public void rename(String name) {
        this.name = name;
        this.nameKey = ResourceNames.key(name);
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getNameKey() {
        return nameKey;
    }

    public ProvisioningState getProvisioningState() {
        return provisioningState;
    }

    public void setProvisioningState(ProvisioningState provisioningState) {
        this.provisioningState = provisioningState;
    }

    public @Nullable String getLastOperationId() {
        return lastOperationId;
    }

    public void setLastOperationId(@Nullable String lastOperationId) {
        this.lastOperationId = lastOperationId;
    }

    public @Nullable String getLastOperationError() {
        return lastOperationError;
    }

    public void setLastOperationError(@Nullable String lastOperationError) {
        this.lastOperationError = lastOperationError;
    }

    public long getVersion() {
        return version;
    }

    public @Nullable SystemDataColumns getSystemData() {
        return systemData;
    }

    public void setSystemData(@Nullable SystemDataColumns systemData) {
        this.systemData = systemData;
    }
}
