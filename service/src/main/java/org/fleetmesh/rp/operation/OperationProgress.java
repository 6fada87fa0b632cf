package org.fleetmesh.rp.operation;

import java.util.UUID;
import org.fleetmesh.persistence.operation.OperationRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Moves an operation's {@code percentComplete} on as a step gets through its share of the work. */
@Component
public class OperationProgress {

    private final OperationRepository operations;

    OperationProgress(OperationRepository operations) {
        this.operations = operations;
    }

    /**
     * @param step  the step's index in its operation
     * @param steps how many steps the operation has
     * @param done  the step's work items done so far
     * @param total the step's work items
     */
    @Transactional
    public void report(UUID operationId, int step, int steps, int done, int total) {
        double within = total == 0 ? 1 : (double) done / total;
        operations.advance(operationId, 100.0 * (step + within) / steps);
    }
}
