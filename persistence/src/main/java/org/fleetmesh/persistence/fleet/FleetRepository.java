package org.fleetmesh.persistence.fleet;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface FleetRepository extends JpaRepository<FleetEntity, UUID> {

    @Query("select f from FleetEntity f where f.subscriptionId = :sub and f.resourceGroupKey = lower(:rg) and f.nameKey = lower(:name)")
    Optional<FleetEntity> findByName(@Param("sub") String subscriptionId, @Param("rg") String resourceGroup,
            @Param("name") String name);

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

    List<FleetEntity> findBySubscriptionId(String subscriptionId);
}
