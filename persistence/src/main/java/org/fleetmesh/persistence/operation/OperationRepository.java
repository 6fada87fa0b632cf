package org.fleetmesh.persistence.operation;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
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
                   or lower(o.resourceId) like concat(lower(:resourceId), '/%')
                   or lower(:resourceId) like concat(lower(o.resourceId), '/%'))
            order by o.startTime""")
    java.util.List<OperationEntity> findActiveOn(@Param("resourceId") String resourceId);

    default Optional<OperationEntity> findFirstActiveOn(String resourceId) {
        return findActiveOn(resourceId).stream().findFirst();
    }

    @Query("select count(o) from OperationEntity o where o.status in ('Accepted', 'Running')")
    long countActive();

    @Query("select min(o.startTime) from OperationEntity o where o.status in ('Accepted', 'Running')")
    Optional<Instant> oldestActiveStart();
}
