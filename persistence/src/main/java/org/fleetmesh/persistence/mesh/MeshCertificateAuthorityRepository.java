package org.fleetmesh.persistence.mesh;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface MeshCertificateAuthorityRepository extends JpaRepository<MeshCertificateAuthorityEntity, UUID> {

    /** The meshes whose CA has passed its renewal point (the given share of its lifetime) and is not rolling over. */
    @Query(value = "select profile_id from mesh_certificate_authorities where rollover_phase is null "
            + "and not_before + (not_after - not_before) * :renewalPoint <= :now", nativeQuery = true)
    List<UUID> findProfilesWithAuthorityDue(@Param("renewalPoint") double renewalPoint, @Param("now") Instant now);

    /** How many meshes hold a rollover's next CA (and its private key) beside their CA. */
    long countByNextCertificateIsNotNull();

    /** The meshes whose CA rollover has begun and not completed. */
    @Query("select a.profileId from MeshCertificateAuthorityEntity a where a.rolloverPhase is not null")
    List<UUID> findProfilesInRollover();

    /**
     * Up to {@code limit} authorities after {@code afterProfileId}, in profile id order, whose encrypted private key,
     * or whose rollover's next CA's, does not start with {@code prefix}: those not yet encrypted under the current
     * key-encryption key.
     */
    @Query(nativeQuery = true, value = """
            select * from mesh_certificate_authorities
            where (substring(private_key from 1 for octet_length(:prefix)) <> :prefix
                   or substring(next_private_key from 1 for octet_length(:prefix)) <> :prefix)
              and profile_id > :afterProfileId
            order by profile_id limit :limit""")
    List<MeshCertificateAuthorityEntity> findPrivateKeysNotStartingWith(@Param("prefix") byte[] prefix,
            @Param("afterProfileId") UUID afterProfileId, @Param("limit") int limit);

    /**
     * Replaces the encrypted private key if it is still {@code expected}; 0 when the row changed or went meanwhile,
     * so a concurrent change is never overwritten nor a deleted row brought back.
     */
    @Modifying
    @Query(nativeQuery = true, value = """
            update mesh_certificate_authorities set private_key = :replacement
            where profile_id = :profileId and private_key = :expected""")
    int replacePrivateKey(@Param("profileId") UUID profileId, @Param("expected") byte[] expected,
            @Param("replacement") byte[] replacement);

    /** {@link #replacePrivateKey} for the private key of a rollover's next CA. */
    @Modifying
    @Query(nativeQuery = true, value = """
            update mesh_certificate_authorities set next_private_key = :replacement
            where profile_id = :profileId and next_private_key = :expected""")
    int replaceNextPrivateKey(@Param("profileId") UUID profileId, @Param("expected") byte[] expected,
            @Param("replacement") byte[] replacement);
}
