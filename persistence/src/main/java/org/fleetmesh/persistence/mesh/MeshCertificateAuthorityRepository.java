package org.fleetmesh.persistence.mesh;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface MeshCertificateAuthorityRepository extends JpaRepository<MeshCertificateAuthorityEntity, UUID> {

    /** The meshes whose CA has passed its renewal point (the given share of its lifetime) and is not rolling over. */
    @Query(value = "select profile_id from mesh_certificate_authorities where rollover_phase is null "
            + "and not_before + (not_after - not_before) * :renewalPoint <= :now", nativeQuery = true)
    List<UUID> findProfilesWithAuthorityDue(@Param("renewalPoint") double renewalPoint, @Param("now") Instant now);

    /** The meshes whose CA rollover has begun and not completed. */
    @Query("select a.profileId from MeshCertificateAuthorityEntity a where a.rolloverPhase is not null")
    List<UUID> findProfilesInRollover();
}
