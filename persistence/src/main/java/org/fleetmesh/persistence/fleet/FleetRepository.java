package org.fleetmesh.persistence.fleet;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface FleetRepository extends JpaRepository<FleetEntity, UUID> {

    @Query("select f from FleetEntity f where f.subscriptionId = :sub and f.resourceGroupKey = lower(:rg) and f.nameKey = lower(:name)")
    Optional<FleetEntity> findByName(@Param("sub") String subscriptionId, @Param("rg") String resourceGroup,
            @Param("name") String name);

    /**
     * The fleet, locked until the transaction ends. Every write to a fleet or to anything in it takes this lock
     * first, so a fleet's deletion and a write to one of its members cannot both be accepted.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select f from FleetEntity f where f.subscriptionId = :sub and f.resourceGroupKey = lower(:rg) and f.nameKey = lower(:name)")
    Optional<FleetEntity> findByNameForUpdate(@Param("sub") String subscriptionId, @Param("rg") String resourceGroup,
            @Param("name") String name);

    /** Removes every fleet of a subscription at once; members, profiles and tags go with them (foreign keys cascade). */
    @Modifying
    @Query("delete from FleetEntity f where f.subscriptionId = :sub")
    int deleteBySubscription(@Param("sub") String subscriptionId);

    /** One page of a subscription's fleets in (resource group, name) order, after the given position. */
    @Query("""
            select f from FleetEntity f where f.subscriptionId = :sub
              and (f.resourceGroupKey > :afterRg or (f.resourceGroupKey = :afterRg and f.nameKey > :afterName))
            order by f.resourceGroupKey, f.nameKey""")
    List<FleetEntity> pageBySubscription(@Param("sub") String subscriptionId, @Param("afterRg") String afterResourceGroupKey,
            @Param("afterName") String afterNameKey, Limit limit);

    /** One page of a resource group's fleets in name order, after the given name. */
    @Query("""
            select f from FleetEntity f where f.subscriptionId = :sub and f.resourceGroupKey = lower(:rg)
              and f.nameKey > :afterName
            order by f.nameKey""")
    List<FleetEntity> pageByResourceGroup(@Param("sub") String subscriptionId, @Param("rg") String resourceGroup,
            @Param("afterName") String afterNameKey, Limit limit);
}
