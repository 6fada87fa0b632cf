package org.fleetmesh.rp.operation;

import java.util.function.Function;
import org.fleetmesh.persistence.operation.OperationEntity;

/**
 * One step of an operation, named after the state it ensures ("memberJoined", "peersConfigured"). A step may
 * run more than once (after a crash, a retry or a take-over by another replica), so it must be idempotent:
 * it checks what is already in place and only does what is missing.
 */
public interface OperationStep {

    String name();

    /** Runs outside any transaction; database effects go in {@link StepResult#doneAfter}. */
    StepResult run(OperationEntity operation);

    static OperationStep of(String name, Function<OperationEntity, StepResult> body) {
        return new OperationStep() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public StepResult run(OperationEntity operation) {
                return body.apply(operation);
            }
        };
    }
}
