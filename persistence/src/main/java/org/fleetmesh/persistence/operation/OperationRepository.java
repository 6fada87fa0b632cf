package org.fleetmesh.persistence.operation;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface OperationRepository extends JpaRepository<OperationEntity, UUID> {

    /** JPQL for the statuses of an operation that has not ended (enum literals, as the column is stored by name). */
    String ACTIVE = "(org.fleetmesh.domain.OperationStatus.Accepted, org.fleetmesh.domain.OperationStatus.Running)";
    String ENDED = "(org.fleetmesh.domain.OperationStatus.Succeeded, org.fleetmesh.domain.OperationStatus.Failed, "
            + "org.fleetmesh.domain.OperationStatus.Canceled)";

    /**
     * Operations still running on a resource, on anything below it (a fleet's members) or above it (the fleet of a
     * member): any of them would race with a new write to the resource.
     */
    @Query("select o from OperationEntity o where o.status in " + ACTIVE + """
              and (lower(o.resourceId) = lower(:resourceId)
                   or substring(lower(o.resourceId), 1, length(:resourceId) + 1) = concat(lower(:resourceId), '/')
                   or substring(lower(:resourceId), 1, length(o.resourceId) + 1) = concat(lower(o.resourceId), '/'))
            order by o.startTime""")
    java.util.List<OperationEntity> findActiveOn(@Param("resourceId") String resourceId);

    default Optional<OperationEntity> findFirstActiveOn(String resourceId) {
        return findActiveOn(resourceId).stream().findFirst();
    }

    @Modifying
    @Query("delete from OperationEntity o where o.status in " + ENDED + " and o.endTime < :before")
    int deleteEndedBefore(@Param("before") Instant before);

    /** Ends the unfinished operations of a subscription ARM deleted: nothing is left for them to act on. */
    @Modifying
    @Query("update OperationEntity o set o.status = org.fleetmesh.domain.OperationStatus.Canceled, o.endTime = :at, "
            + "o.percentComplete = 100 where o.subscriptionId = :sub and o.status in " + ACTIVE)
    int cancelActiveIn(@Param("sub") String subscriptionId, @Param("at") Instant at);

    /** Progress within a step; never moves backwards, and leaves the version alone (it is not a checkpoint). */
    @Modifying
    @Query("""
            update OperationEntity o set o.percentComplete = :percent
            where o.id = :id and o.status = org.fleetmesh.domain.OperationStatus.Running
              and o.percentComplete < :percent""")
    int advance(@Param("id") UUID id, @Param("percent") double percent);

    @Query("select count(o) from OperationEntity o where o.status in " + ACTIVE)
    long countActive();

    @Query("select min(o.startTime) from OperationEntity o where o.status in " + ACTIVE)
    Optional<Instant> oldestActiveStart();
}
