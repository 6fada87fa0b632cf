package org.fleetmesh.persistence.mesh;

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

    @Modifying
    @Query("delete from MeshMemberCertificateEntity c where c.memberId = :memberId")
    void deleteByMember(@Param("memberId") UUID memberId);
}
