package org.fleetmesh.domain;

/**
 * A resource's {@code properties.provisioningState}: the states of Azure's Fleet API for fleets (Creating, Updating,
 * Deleting), members (Joining, Updating, Leaving) and mesh profiles, plus the three that end an operation.
 */
public enum ProvisioningState {
    Creating, Joining, Updating, Deleting, Leaving, Succeeded, Failed, Canceled;

    /** Whether an operation on the resource has ended (ARM RPC: Succeeded, Failed, Canceled). */
    public boolean isTerminal() {
        return this == Succeeded || this == Failed || this == Canceled;
    }
}
