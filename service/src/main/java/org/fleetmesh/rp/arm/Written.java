package org.fleetmesh.rp.arm;

import org.fleetmesh.persistence.operation.OperationEntity;

/**
 * An accepted write: the resource as stored now (showing a non-terminal provisioning state), whether the write
 * created it, and the operation that completes it.
 */
public record Written<T>(T resource, boolean created, OperationEntity operation) {
}
