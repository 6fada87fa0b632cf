package org.fleetmesh.persistence.mesh;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface MeshCertificateRepository extends JpaRepository<MeshMemberCertificateEntity, MeshMemberCertificateEntity.Key> {

    @Query("select c from MeshMemberCertificateEntity c where c.memberId in :memberIds")
    List<MeshMemberCertificateEntity> findByMembers(@Param("memberIds") Collection<UUID> memberIds);

    @Query("select c from MeshMemberCertificateEntity c where c.profileId = :profileId")
    List<MeshMemberCertificateEntity> findByProfile(@Param("profileId") UUID profileId);

    /**
     * The profiles whose members hold a certificate past its renewal point: the given share of its lifetime, from
     * notBefore to notAfter.
     */
    @Query(value = "select distinct profile_id from mesh_member_certificates "
            + "where not_before + (not_after - not_before) * :renewalPoint <= :now", nativeQuery = true)
    List<UUID> findProfilesWithCertificatesDue(@Param("renewalPoint") double renewalPoint, @Param("now") Instant now);

    @Modifying
    @Query("delete from MeshMemberCertificateEntity c where c.memberId = :memberId")
    void deleteByMember(@Param("memberId") UUID memberId);

    /**
     * Up to {@code limit} certificates after ({@code afterMemberId}, {@code afterKind}), in that order, whose encrypted
     * private key does not start with {@code prefix}: those not yet encrypted under the current key-encryption key.
     */
    @Query(nativeQuery = true, value = """
            select * from mesh_member_certificates
            where substring(private_key from 1 for octet_length(:prefix)) <> :prefix
              and (member_id, kind) > (:afterMemberId, :afterKind)
            order by member_id, kind limit :limit""")
    List<MeshMemberCertificateEntity> findPrivateKeysNotStartingWith(@Param("prefix") byte[] prefix,
            @Param("afterMemberId") UUID afterMemberId, @Param("afterKind") String afterKind, @Param("limit") int limit);

    /**
     * How many stored private keys, of mesh CAs (a rollover's next CA too) and member certificates together, do not
     * start with {@code prefix}.
     */
    @Query(nativeQuery = true, value = """
            select (select count(*) from mesh_certificate_authorities
                    where substring(private_key from 1 for octet_length(:prefix)) <> :prefix)
                 + (select count(*) from mesh_certificate_authorities
                    where substring(next_private_key from 1 for octet_length(:prefix)) <> :prefix)
                 + (select count(*) from mesh_member_certificates
                    where substring(private_key from 1 for octet_length(:prefix)) <> :prefix)""")
    long countAllPrivateKeysNotStartingWith(@Param("prefix") byte[] prefix);

    /**
     * Replaces the encrypted private key if it is still {@code expected}; 0 when the row changed or went meanwhile
     * (the member left), so a concurrent change is never overwritten nor a deleted row brought back.
     */
    @Modifying
    @Query(nativeQuery = true, value = """
            update mesh_member_certificates set private_key = :replacement
            where member_id = :memberId and kind = :kind and private_key = :expected""")
    int replacePrivateKey(@Param("memberId") UUID memberId, @Param("kind") String kind, @Param("expected") byte[] expected,
            @Param("replacement") byte[] replacement);
}
