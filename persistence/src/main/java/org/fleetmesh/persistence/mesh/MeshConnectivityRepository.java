package org.fleetmesh.persistence.mesh;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface MeshConnectivityRepository extends JpaRepository<MeshConnectivityEntity, UUID> {
}
