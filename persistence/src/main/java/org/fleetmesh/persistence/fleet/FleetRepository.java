package org.fleetmesh.persistence.fleet;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.fleetmesh.persistence.ResourceNames;
import org.springframework.data.domain.Limit;
import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface FleetRepository extends JpaRepository<FleetEntity, UUID> {

    /** The fleet of that name, ignoring case as ARM does. */
    default Optional<FleetEntity> findByName(String subscriptionId, String resourceGroup, String name) {
        return findByKeys(subscriptionId, ResourceNames.key(resourceGroup), ResourceNames.key(name));
    }

    /**
     * By the names' keys ({@link ResourceNames#key}, as stored): Hibernate translates a query with {@code lower(:name)}
     * to SQL anew on every execution, which cost a fleet GET more than the query itself. The tags come in the same
     * query: a read is one round trip, and needs no transaction to load them after it.
     */
    @Query("select f from FleetEntity f left join fetch f.tags"
            + " where f.subscriptionId = :sub and f.resourceGroupKey = :rgKey and f.nameKey = :nameKey")
    Optional<FleetEntity> findByKeys(@Param("sub") String subscriptionId, @Param("rgKey") String resourceGroupKey,
            @Param("nameKey") String nameKey);

    /**
     * The fleet, locked until the transaction ends. Every write to a fleet or to anything in it takes this lock
     * first, so a fleet's deletion and a write to one of its members cannot both be accepted.
     */
    default Optional<FleetEntity> findByNameForUpdate(String subscriptionId, String resourceGroup, String name) {
        return findByKeysForUpdate(subscriptionId, ResourceNames.key(resourceGroup), ResourceNames.key(name));
    }

    /** {@link #findByNameForUpdate} by the names' keys, as {@link #findByKeys}. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select f from FleetEntity f where f.subscriptionId = :sub and f.resourceGroupKey = :rgKey and f.nameKey = :nameKey")
    Optional<FleetEntity> findByKeysForUpdate(@Param("sub") String subscriptionId, @Param("rgKey") String resourceGroupKey,
            @Param("nameKey") String nameKey);

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
    default List<FleetEntity> pageByResourceGroup(String subscriptionId, String resourceGroup, String afterNameKey,
            Limit limit) {
        return pageByResourceGroupKey(subscriptionId, ResourceNames.key(resourceGroup), afterNameKey, limit);
    }

    /** {@link #pageByResourceGroup} by the resource group's key, as {@link #findByKeys}. */
    @Query("""
            select f from FleetEntity f where f.subscriptionId = :sub and f.resourceGroupKey = :rgKey
              and f.nameKey > :afterName
            order by f.nameKey""")
    List<FleetEntity> pageByResourceGroupKey(@Param("sub") String subscriptionId, @Param("rgKey") String resourceGroupKey,
            @Param("afterName") String afterNameKey, Limit limit);
}
