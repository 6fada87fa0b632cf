package org.fleetmesh.rp.mesh;

import java.util.List;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileRepository;
import org.fleetmesh.rp.operation.DefinedOperation;
import org.fleetmesh.rp.operation.OperationStep;
import org.fleetmesh.rp.operation.OperationType;
import org.fleetmesh.rp.operation.ResourceOutcomes;
import org.fleetmesh.rp.operation.StepResult;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operations of a cluster mesh profile. Storing a selector changes no cluster: apply does, later. */
@Configuration
class ClusterMeshProfileOperationTypes {

    static final String CREATE_OR_UPDATE = "ClusterMeshProfiles_CreateOrUpdate";
    static final String DELETE = "ClusterMeshProfiles_Delete";

    @Bean
    OperationType clusterMeshProfileCreateOrUpdate(ClusterMeshProfileRepository profiles, ResourceOutcomes outcomes) {
        return DefinedOperation.of(CREATE_OR_UPDATE, List.of(),
                (operation, error) -> profiles.findById(operation.getTargetId()).ifPresent(p -> outcomes.record(p, error)));
    }

    @Bean
    OperationType clusterMeshProfileDelete(ClusterMeshProfileRepository profiles, ResourceOutcomes outcomes) {
        OperationStep deleted = OperationStep.of("profileDeleted", operation -> StepResult.doneAfter(
                () -> profiles.findById(operation.getTargetId()).ifPresent(profiles::delete)));
        return DefinedOperation.of(DELETE, List.of(deleted), (operation, error) -> {
            if (error != null) {
                profiles.findById(operation.getTargetId()).ifPresent(p -> outcomes.record(p, error));
            }
        });
    }
}
