package org.fleetmesh.rp.mesh;

import java.util.List;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileRepository;
import org.fleetmesh.rp.operation.OperationType;
import org.fleetmesh.rp.operation.ResourceOperationTypes;
import org.fleetmesh.rp.operation.ResourceOutcomes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operations of a cluster mesh profile. Storing a selector changes no cluster: apply does. */
@Configuration
class ClusterMeshProfileOperationTypes {

    static final String CREATE_OR_UPDATE = "ClusterMeshProfiles_CreateOrUpdate";
    static final String DELETE = "ClusterMeshProfiles_Delete";

    @Bean
    ResourceOperationTypes<ClusterMeshProfileEntity> clusterMeshProfileOperations(ClusterMeshProfileRepository profiles,
            ResourceOutcomes outcomes) {
        return new ResourceOperationTypes<>(profiles, outcomes);
    }

    @Bean
    OperationType clusterMeshProfileCreateOrUpdate(ResourceOperationTypes<ClusterMeshProfileEntity> profileOperations) {
        return profileOperations.createOrReplace(CREATE_OR_UPDATE, List.of());
    }

    @Bean
    OperationType clusterMeshProfileDelete(ResourceOperationTypes<ClusterMeshProfileEntity> profileOperations) {
        return profileOperations.delete(DELETE, "profileDeleted");
    }
}
