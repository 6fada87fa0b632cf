package org.fleetmesh.rp.operation;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.fleetmesh.persistence.ArmResourceRow;
import org.fleetmesh.rp.arm.ArmError;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The operation types every resource type has in the same shape: create or replace, update, delete. Each
 * shows its end on the resource's row; a resource type adds steps where it has work outside the database.
 */
public final class ResourceOperationTypes<E extends ArmResourceRow> {

    private final JpaRepository<E, UUID> rows;
    private final ResourceOutcomes outcomes;

    public ResourceOperationTypes(JpaRepository<E, UUID> rows, ResourceOutcomes outcomes) {
        this.rows = rows;
        this.outcomes = outcomes;
    }

    /** Create or replace: the write already stored the resource; the steps do whatever else it needs. */
    public OperationType createOrReplace(String kind, List<OperationStep> steps) {
        return DefinedOperation.of(kind, steps, this::recordOutcome);
    }

    /** An update whose Location URL answers, once done, with the resource as GET shows it. */
    public OperationType update(String kind, List<OperationStep> steps, Function<E, Object> toModel) {
        return DefinedOperation.of(kind, steps, this::recordOutcome)
                .withResult(operation -> rows.findById(operation.getTargetId()).map(toModel));
    }

    /** Delete: the last step removes the row; a failed deletion leaves the resource showing Failed. */
    public OperationType delete(String kind, String deletedStepName) {
        return delete(kind, deletedStepName, row -> Optional.empty());
    }

    /**
     * Delete, looking again inside the step at what the acceptance checked: a sibling's operation may have changed
     * the row since (a member put in a mesh). A problem fails the deletion with that error and keeps the row.
     */
    public OperationType delete(String kind, String deletedStepName, Function<E, Optional<ArmError>> stillRefused) {
        OperationStep deleted = OperationStep.of(deletedStepName, operation -> {
            Optional<ArmError> refused = rows.findById(operation.getTargetId()).flatMap(stillRefused);
            if (refused.isPresent()) {
                return StepResult.failed(refused.get());
            }
            return StepResult.doneAfter(() -> rows.findById(operation.getTargetId()).ifPresent(rows::delete));
        });
        return DefinedOperation.of(kind, List.of(deleted), (operation, error) -> {
            if (error != null) {
                recordOutcome(operation, error);
            }
        });
    }

    private void recordOutcome(org.fleetmesh.persistence.operation.OperationEntity operation, ArmError error) {
        Optional<E> row = rows.findById(operation.getTargetId());
        row.ifPresent(resource -> outcomes.record(resource, error));
    }
}
