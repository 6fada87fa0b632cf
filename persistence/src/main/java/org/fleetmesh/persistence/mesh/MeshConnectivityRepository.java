package org.fleetmesh.persistence.mesh;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface MeshConnectivityRepository extends JpaRepository<MeshConnectivityEntity, UUID> {

    /**
     * Stores the observation as the mesh's last, replacing the one before: two observers of one mesh (a refresh and
     * the health check) both succeed, and the later write stays.
     */
    @Modifying
    @Transactional
    @Query(nativeQuery = true, value = """
            insert into mesh_connectivity (profile_id, observation, observed_at) values (:profileId, :observation, :observedAt)
            on conflict (profile_id) do update set observation = excluded.observation, observed_at = excluded.observed_at""")
    void keep(@Param("profileId") UUID profileId, @Param("observation") String observation,
            @Param("observedAt") Instant observedAt);
}
