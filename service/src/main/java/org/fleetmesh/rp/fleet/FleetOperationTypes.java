package org.fleetmesh.rp.fleet;

import java.util.List;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.fleet.FleetRepository;
import org.fleetmesh.rp.operation.OperationType;
import org.fleetmesh.rp.operation.ResourceOperationTypes;
import org.fleetmesh.rp.operation.ResourceOutcomes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The operations of a fleet. A hubless fleet has nothing outside the database to create, so creating and
 * updating one have no steps: accepting the operation stored the fleet, and ending it makes that visible.
 * Deleting the row deletes the fleet's members and profiles with it (foreign keys cascade).
 */
@Configuration
class FleetOperationTypes {

    static final String CREATE_OR_UPDATE = "Fleets_CreateOrUpdate";
    static final String UPDATE = "Fleets_Update";
    static final String DELETE = "Fleets_Delete";

    @Bean
    ResourceOperationTypes<FleetEntity> fleetOperations(FleetRepository fleets, ResourceOutcomes outcomes) {
        return new ResourceOperationTypes<>(fleets, outcomes);
    }

    @Bean
    OperationType fleetCreateOrUpdate(ResourceOperationTypes<FleetEntity> fleetOperations) {
        return fleetOperations.createOrReplace(CREATE_OR_UPDATE, List.of());
    }

    @Bean
    OperationType fleetUpdate(ResourceOperationTypes<FleetEntity> fleetOperations, FleetModels models) {
        return fleetOperations.update(UPDATE, List.of(), models::toModel);
    }

    @Bean
    OperationType fleetDelete(ResourceOperationTypes<FleetEntity> fleetOperations) {
        return fleetOperations.delete(DELETE, "fleetDeleted");
    }
}
