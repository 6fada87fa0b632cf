package org.fleetmesh.rp.arm;

import java.util.function.Function;
import org.fleetmesh.persistence.operation.OperationEntity;

/**
 * An accepted write: the resource as stored now (showing a non-terminal provisioning state), whether the write
 * created it, and the operation that completes it.
 */
public record Written<T>(T resource, boolean created, OperationEntity operation) {

    /** The same write with the resource as another type shows it, e.g. as its wire model. */
    public <R> Written<R> map(Function<T, R> view) {
        return new Written<>(view.apply(resource), created, operation);
    }
}
