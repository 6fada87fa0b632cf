package org.fleetmesh.rp.operation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.arm.ArmError;

/** An operation type assembled from its parts, for the resource types whose operations differ only in those. */
public record DefinedOperation(String kind, List<OperationStep> steps, Duration deadline,
        BiConsumer<OperationEntity, ArmError> onFinished, Function<OperationEntity, Optional<Object>> resultOf)
        implements OperationType {

    public static DefinedOperation of(String kind, List<OperationStep> steps, BiConsumer<OperationEntity, ArmError> onFinished) {
        return new DefinedOperation(kind, steps, OperationType.DEFAULT_DEADLINE, onFinished, operation -> Optional.empty());
    }

    public DefinedOperation withResult(Function<OperationEntity, Optional<Object>> result) {
        return new DefinedOperation(kind, steps, deadline, onFinished, result);
    }

    @Override
    public void finished(OperationEntity operation, ArmError error) {
        onFinished.accept(operation, error);
    }

    @Override
    public Optional<Object> result(OperationEntity operation) {
        return resultOf.apply(operation);
    }
}
