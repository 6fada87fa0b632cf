package org.fleetmesh.persistence.mesh;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
}
