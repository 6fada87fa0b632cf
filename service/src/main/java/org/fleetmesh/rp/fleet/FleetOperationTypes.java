package org.fleetmesh.rp.fleet;

import java.util.List;
import org.fleetmesh.persistence.fleet.FleetRepository;
import org.fleetmesh.rp.operation.DefinedOperation;
import org.fleetmesh.rp.operation.OperationStep;
import org.fleetmesh.rp.operation.OperationType;
import org.fleetmesh.rp.operation.ResourceOutcomes;
import org.fleetmesh.rp.operation.StepResult;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The operations of a fleet. A hubless fleet has nothing outside the database to create, so creating and
 * updating one have no steps: accepting the operation stored the fleet, and ending it makes that visible.
 */
@Configuration
class FleetOperationTypes {

    static final String CREATE_OR_UPDATE = "Fleets_CreateOrUpdate";
    static final String UPDATE = "Fleets_Update";
    static final String DELETE = "Fleets_Delete";

    @Bean
    OperationType fleetCreateOrUpdate(FleetRepository fleets, ResourceOutcomes outcomes) {
        return DefinedOperation.of(CREATE_OR_UPDATE, List.of(),
                (operation, error) -> fleets.findById(operation.getTargetId()).ifPresent(f -> outcomes.record(f, error)));
    }

    @Bean
    OperationType fleetUpdate(FleetRepository fleets, ResourceOutcomes outcomes, FleetModels models) {
        return DefinedOperation.of(UPDATE, List.of(),
                        (operation, error) -> fleets.findById(operation.getTargetId()).ifPresent(f -> outcomes.record(f, error)))
                .withResult(operation -> fleets.findById(operation.getTargetId()).map(models::toModel));
    }

    /** Deleting the row deletes the fleet's members and profiles with it (foreign keys cascade). */
    @Bean
    OperationType fleetDelete(FleetRepository fleets, ResourceOutcomes outcomes) {
        OperationStep deleted = OperationStep.of("fleetDeleted", operation -> StepResult.doneAfter(
                () -> fleets.findById(operation.getTargetId()).ifPresent(fleets::delete)));
        return DefinedOperation.of(DELETE, List.of(deleted), (operation, error) -> {
            if (error != null) {
                fleets.findById(operation.getTargetId()).ifPresent(f -> outcomes.record(f, error));
            }
        });
    }
}
