package org.fleetmesh.persistence.mesh;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.fleetmesh.domain.MeshState;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ClusterMeshProfileRepository extends JpaRepository<ClusterMeshProfileEntity, UUID> {

    @Query("select p from ClusterMeshProfileEntity p where p.fleet.id = :fleetId and p.nameKey = lower(:name)")
    Optional<ClusterMeshProfileEntity> findByName(@Param("fleetId") UUID fleetId, @Param("name") String name);

    @Query("""
            select p from ClusterMeshProfileEntity p where p.fleet.id = :fleetId and p.nameKey > :afterName
            order by p.nameKey""")
    List<ClusterMeshProfileEntity> pageByFleet(@Param("fleetId") UUID fleetId, @Param("afterName") String afterNameKey,
            Limit limit);

    /** The profiles whose mesh is in one of these states, e.g. the ones a health check looks at. */
    @Query("select p from ClusterMeshProfileEntity p where p.state in :states")
    List<ClusterMeshProfileEntity> findByStateIn(@Param("states") Collection<MeshState> states);
}
