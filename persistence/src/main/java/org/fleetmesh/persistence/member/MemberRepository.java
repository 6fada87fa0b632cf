package org.fleetmesh.persistence.member;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.fleetmesh.domain.MeshMemberState;
import org.fleetmesh.persistence.ResourceNames;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface MemberRepository extends JpaRepository<MemberEntity, UUID>, JpaSpecificationExecutor<MemberEntity> {

    /** The member of that name, ignoring case as ARM does. */
    default Optional<MemberEntity> findByName(UUID fleetId, String name) {
        return findByKey(fleetId, ResourceNames.key(name));
    }

    /** By the name's key, as stored: see FleetRepository.findByKeys for why not {@code lower(:name)}. */
    @Query("select m from MemberEntity m where m.fleet.id = :fleetId and m.nameKey = :nameKey")
    Optional<MemberEntity> findByKey(@Param("fleetId") UUID fleetId, @Param("nameKey") String nameKey);

    /** The member that holds the cluster, if any: members whose join could not read it hold no claim. */
    @Query("select m from MemberEntity m join fetch m.fleet where m.clusterResourceKey = lower(:clusterResourceId)"
            + " and m.claimsCluster = true")
    Optional<MemberEntity> findClaimOn(@Param("clusterResourceId") String clusterResourceId);

    @Query("select m from MemberEntity m where m.fleet.id = :fleetId order by m.nameKey")
    List<MemberEntity> findAllInFleet(@Param("fleetId") UUID fleetId);

    @Query("select m from MemberEntity m where m.mesh.profile.id = :profileId order by m.nameKey")
    List<MemberEntity> findInMesh(@Param("profileId") UUID profileId);

    /** Per mesh, when the first certificate its members hold expires. */
    @Query("select m.mesh.profile.id as profileId, min(m.mesh.certificatesNotAfter) as notAfter from MemberEntity m "
            + "where m.mesh.certificatesNotAfter is not null group by m.mesh.profile.id")
    List<MeshExpiry> findEarliestCertificateExpiryByMesh();

    /** Per mesh and mesh state, how many members. */
    @Query("select m.mesh.profile.id as profileId, m.mesh.state as state, count(m) as members from MemberEntity m "
            + "where m.mesh.profile is not null group by m.mesh.profile.id, m.mesh.state")
    List<MeshStateCount> countByMeshAndState();

    /** How many members of one mesh are in one state. */
    interface MeshStateCount {
        UUID getProfileId();

        MeshMemberState getState();

        long getMembers();
    }

    /** When the first certificate held in one mesh expires. */
    interface MeshExpiry {
        UUID getProfileId();

        Instant getNotAfter();
    }

    @Query("select count(m) from MemberEntity m where m.mesh.profile.id = :profileId")
    long countByMeshProfile(@Param("profileId") UUID profileId);
}
