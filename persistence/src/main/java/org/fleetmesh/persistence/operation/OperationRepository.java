package org.fleetmesh.persistence.operation;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface OperationRepository extends JpaRepository<OperationEntity, UUID> {

    /**
     * Operations still running on a resource, on anything below it (a fleet's members) or above it (the fleet of a
     * member): any of them would race with a new write to the resource.
     */
    @Query("""
            select o from OperationEntity o where o.status in ('Accepted', 'Running')
              and (lower(o.resourceId) = lower(:resourceId)
                   or substring(lower(o.resourceId), 1, length(:resourceId) + 1) = concat(lower(:resourceId), '/')
                   or substring(lower(:resourceId), 1, length(o.resourceId) + 1) = concat(lower(o.resourceId), '/'))
            order by o.startTime""")
    java.util.List<OperationEntity> findActiveOn(@Param("resourceId") String resourceId);

    default Optional<OperationEntity> findFirstActiveOn(String resourceId) {
        return findActiveOn(resourceId).stream().findFirst();
    }

    @Modifying
    @Query("delete from OperationEntity o where o.status in ('Succeeded', 'Failed', 'Canceled') and o.endTime < :before")
    int deleteEndedBefore(@Param("before") Instant before);

    /** Ends the unfinished operations of a subscription ARM deleted: nothing is left for them to act on. */
    @Modifying
    @Query("""
            update OperationEntity o set o.status = 'Canceled', o.endTime = :at, o.percentComplete = 100
            where o.subscriptionId = :sub and o.status in ('Accepted', 'Running')""")
    int cancelActiveIn(@Param("sub") String subscriptionId, @Param("at") Instant at);

    /** Progress within a step; never moves backwards, and leaves the version alone (it is not a checkpoint). */
    @Modifying
    @Query("""
            update OperationEntity o set o.percentComplete = :percent
            where o.id = :id and o.status = 'Running' and o.percentComplete < :percent""")
    int advance(@Param("id") UUID id, @Param("percent") double percent);

    @Query("select count(o) from OperationEntity o where o.status in ('Accepted', 'Running')")
    long countActive();

    @Query("select min(o.startTime) from OperationEntity o where o.status in ('Accepted', 'Running')")
    Optional<Instant> oldestActiveStart();
}
