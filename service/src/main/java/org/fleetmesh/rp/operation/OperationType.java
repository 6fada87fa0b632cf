package org.fleetmesh.rp.operation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.arm.ArmError;

/** A kind of long-running operation: its steps, its deadline, and how its end shows on the resource. */
public interface OperationType {

    /** The operationId of the API operation that starts it, e.g. {@code Fleets_CreateOrUpdate}. */
    String kind();

    List<OperationStep> steps();

    Duration DEFAULT_DEADLINE = Duration.ofMinutes(30);

    default Duration deadline() {
        return DEFAULT_DEADLINE;
    }

    /**
     * Records the end on the resource (terminal provisioning state, last operation and its error) in the
     * transaction that ends the operation.
     *
     * @param error null when the operation succeeded
     */
    void finished(OperationEntity operation, ArmError error);

    /** The body the Location URL returns once the operation succeeded, if the API gives it one. */
    default Optional<Object> result(OperationEntity operation) {
        return Optional.empty();
    }
}
