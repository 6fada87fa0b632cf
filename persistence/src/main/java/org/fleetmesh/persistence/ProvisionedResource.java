package org.fleetmesh.persistence;

/** A resource whose writes are long-running operations: it shows their state and the last one's outcome. */
public interface ProvisionedResource {

    String getProvisioningState();

    void setProvisioningState(String provisioningState);

    void setLastOperationId(String lastOperationId);

    void setLastOperationError(String lastOperationError);
}
