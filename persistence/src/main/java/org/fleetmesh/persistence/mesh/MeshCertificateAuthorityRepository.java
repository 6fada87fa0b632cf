package org.fleetmesh.persistence.mesh;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface MeshCertificateAuthorityRepository extends JpaRepository<MeshCertificateAuthorityEntity, UUID> {

    /**
     * Up to {@code limit} authorities after {@code afterProfileId}, in profile id order, whose encrypted private key
     * does not start with {@code prefix}: those not yet encrypted under the current key-encryption key.
     */
    @Query(nativeQuery = true, value = """
            select * from mesh_certificate_authorities
            where substring(private_key from 1 for octet_length(:prefix)) <> :prefix and profile_id > :afterProfileId
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
}
