package org.fleetmesh.rp.fleet;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.fleetmesh.domain.ProvisioningState;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.fleet.FleetRepository;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.arm.ArmCall;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ConditionalWrites;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.arm.Failures;
import org.fleetmesh.rp.arm.Paging;
import org.fleetmesh.rp.arm.SystemDataStamp;
import org.fleetmesh.rp.arm.Written;
import org.fleetmesh.rp.arm.domain.Locations;
import org.fleetmesh.rp.arm.domain.Preconditions;
import org.fleetmesh.rp.arm.domain.ResourceIds;
import org.fleetmesh.rp.arm.domain.Tags;
import org.fleetmesh.rp.arm.domain.Text;
import org.fleetmesh.rp.operation.Operations;
import org.fleetmesh.rp.subscription.SubscriptionGuard;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Fleets: hubless containers of member clusters. */
@Service
public class FleetService {

    private final FleetRepository fleets;
    private final SubscriptionGuard subscriptions;
    private final Operations operations;
    private final Paging paging;

    FleetService(FleetRepository fleets, SubscriptionGuard subscriptions, Operations operations, Paging paging) {
        this.paging = paging;
        this.fleets = fleets;
        this.subscriptions = subscriptions;
        this.operations = operations;
    }

    /** The fleet a nested resource lives in; its absence is a missing parent, not a missing resource. */
    @Transactional(readOnly = true)
    public FleetEntity parent(String subscriptionId, String resourceGroup, String fleetName) {
        return fleets.findByName(key(subscriptionId), resourceGroup, fleetName)
                .orElseThrow(() -> Failures.parentNotFound(ResourceIds.FLEET_TYPE, fleetName, resourceGroup));
    }

    /** The parent of a nested resource being written, locked for the caller's transaction (see the repository). */
    @Transactional(propagation = Propagation.MANDATORY)
    public FleetEntity parentForWrite(String subscriptionId, String resourceGroup, String fleetName) {
        return fleets.findByNameForUpdate(key(subscriptionId), resourceGroup, fleetName)
                .orElseThrow(() -> Failures.parentNotFound(ResourceIds.FLEET_TYPE, fleetName, resourceGroup));
    }

    /**
     * The fleet, or {@code ResourceNotFound}. One query reads it whole, tags included, so it runs without a transaction
     * of its own: a read-only transaction's begin and commit were two of a fleet GET's four round trips to the database.
     */
    public FleetEntity get(String subscriptionId, String resourceGroup, String fleetName) {
        return fleets.findByName(key(subscriptionId), resourceGroup, fleetName)
                .orElseThrow(() -> Failures.notFound(ResourceIds.FLEET_TYPE, fleetName, resourceGroup));
    }

    /** The fleet, if it exists; as {@link #get}, one query. */
    public Optional<FleetEntity> find(String subscriptionId, String resourceGroup, String fleetName) {
        return fleets.findByName(key(subscriptionId), resourceGroup, fleetName);
    }

    /**
     * The fleet if it exists and its provisioning state is final: what a write whose operation has just completed
     * answers with. Empty when it is gone, or another write has started on it since.
     */
    public Optional<FleetEntity> settled(String subscriptionId, String resourceGroup, String fleetName) {
        return find(subscriptionId, resourceGroup, fleetName)
                .filter(fleet -> fleet.getProvisioningState().isTerminal());
    }

    @Transactional
    public Written<FleetEntity> createOrReplace(String subscriptionId, String resourceGroup, String fleetName, FleetSpec spec,
            ArmCall call) {
        subscriptions.requireWritable(subscriptionId);
        checkSupported(spec.identityType(), spec.hubProfileRequested());
        checkTags(spec.tags());
        String location = checkedLocation(spec.location());
        FleetEntity existing = fleets.findByNameForUpdate(key(subscriptionId), resourceGroup, fleetName).orElse(null);
        ConditionalWrites.require(Preconditions.Write.PUT, existing == null ? null : FleetIds.etag(existing), call);
        FleetEntity fleet;
        if (existing == null) {
            fleet = new FleetEntity(UUID.randomUUID(), key(subscriptionId), resourceGroup, fleetName, location);
        } else {
            fleet = existing;
            if (!fleet.getLocation().equals(location)) {
                throw new ArmException(ErrorCode.PROPERTY_CHANGE_NOT_ALLOWED, "A fleet's location cannot change: it is '"
                        + fleet.getLocation() + "'. Send the same location, or create a new fleet.", "location");
            }
            Failures.requireUnchangedProvisioningState(fleet.getProvisioningState(), spec.provisioningState());
            fleet.rename(resourceGroup, fleetName);
        }
        fleet.replaceTags(spec.tags());
        fleet.setIdentityType(honouredIdentity(spec.identityType()));
        fleet.setSystemData(SystemDataStamp.stamp(fleet.getSystemData(), call));
        OperationEntity operation = operations.start(FleetOperationTypes.CREATE_OR_UPDATE, subscriptionId, location,
                FleetIds.resourceId(fleet), fleet.getId(), fleet,
                existing == null ? ProvisioningState.Creating : ProvisioningState.Updating);
        return new Written<>(fleets.saveAndFlush(fleet), existing == null, operation);
    }

    /** PATCH: tags are replaced as a whole; a managed identity other than None cannot be honoured. */
    @Transactional
    public Written<FleetEntity> update(String subscriptionId, String resourceGroup, String fleetName, Map<String, String> tags,
            String identityType, ArmCall call) {
        subscriptions.requireWritable(subscriptionId);
        FleetEntity fleet = fleets.findByNameForUpdate(key(subscriptionId), resourceGroup, fleetName)
                .orElseThrow(() -> Failures.notFound(ResourceIds.FLEET_TYPE, fleetName, resourceGroup));
        ConditionalWrites.require(Preconditions.Write.PATCH, FleetIds.etag(fleet), call);
        checkSupported(identityType, false);
        if (tags != null) {
            checkTags(tags);
            fleet.replaceTags(tags);
        }
        if (identityType != null) {
            fleet.setIdentityType(honouredIdentity(identityType));
        }
        fleet.rename(resourceGroup, fleetName);
        fleet.setSystemData(SystemDataStamp.stamp(fleet.getSystemData(), call));
        OperationEntity operation = operations.start(FleetOperationTypes.UPDATE, subscriptionId, fleet.getLocation(),
                FleetIds.resourceId(fleet), fleet.getId(), fleet, ProvisioningState.Updating);
        return new Written<>(fleets.saveAndFlush(fleet), false, operation);
    }

    /** Starts deleting the fleet with its members and profiles; empty when there was nothing to delete. */
    @Transactional
    public Optional<OperationEntity> delete(String subscriptionId, String resourceGroup, String fleetName, ArmCall call) {
        subscriptions.requireDeletable(subscriptionId);
        FleetEntity fleet = fleets.findByNameForUpdate(key(subscriptionId), resourceGroup, fleetName).orElse(null);
        ConditionalWrites.require(Preconditions.Write.DELETE, fleet == null ? null : FleetIds.etag(fleet), call);
        if (fleet == null) {
            return Optional.empty();
        }
        OperationEntity operation = operations.start(FleetOperationTypes.DELETE, subscriptionId, fleet.getLocation(),
                FleetIds.resourceId(fleet), fleet.getId(), fleet, ProvisioningState.Deleting);
        fleets.saveAndFlush(fleet);
        return Optional.of(operation);
    }

    /** The page of the subscription's fleets the call asks for, by resource group and name. */
    @Transactional(readOnly = true)
    public Paging.Listing<FleetEntity> listBySubscription(String subscriptionId, ArmCall call) {
        String scope = "fleets/subscription/" + subscriptionId;
        Paging.Page page = paging.page(call, scope, 2);
        List<FleetEntity> found = fleets.pageBySubscription(key(subscriptionId), page.after().get(0), page.after().get(1),
                Limit.of(page.size() + 1));
        return paging.listing(found, page, call, scope, last -> List.of(last.getResourceGroupKey(), last.getNameKey()));
    }

    /** The page of the resource group's fleets the call asks for, by name. */
    @Transactional(readOnly = true)
    public Paging.Listing<FleetEntity> listByResourceGroup(String subscriptionId, String resourceGroup, ArmCall call) {
        String scope = "fleets/subscription/" + subscriptionId + "/resourceGroup/" + resourceGroup.toLowerCase(Locale.ROOT);
        Paging.Page page = paging.page(call, scope, 1);
        List<FleetEntity> found = fleets.pageByResourceGroup(key(subscriptionId), resourceGroup, page.after().get(0),
                Limit.of(page.size() + 1));
        return paging.listing(found, page, call, scope, last -> List.of(last.getNameKey()));
    }

    private static void checkSupported(String identityType, boolean hubProfileRequested) {
        if (hubProfileRequested) {
            throw new ArmException(ErrorCode.HUB_CLUSTER_NOT_SUPPORTED, "This service manages hubless fleets only: remove "
                    + "properties.hubProfile. Cross-cluster networking does not need a hub cluster.", "properties.hubProfile");
        }
        if (identityType != null && !identityType.equalsIgnoreCase("None")) {
            throw new ArmException(ErrorCode.MANAGED_IDENTITY_NOT_SUPPORTED, "A fleet managed identity ('" + identityType
                    + "') cannot be honoured here: it needs Entra ID to issue it. Omit identity or set its type to 'None'.",
                    "identity.type");
        }
    }

    /** The identity type as the fleet answers with it: the one checkSupported let through, in Azure's casing. */
    private static @Nullable String honouredIdentity(String identityType) {
        return identityType == null ? null : "None";
    }

    /** The location in its stored form, if it names an Azure region. */
    private static String checkedLocation(String location) {
        if (!Locations.isRegion(location)) {
            throw new ArmException(ErrorCode.LOCATION_NOT_AVAILABLE, "The provided location '" + Text.echo(location)
                    + "' is not available for resource type '" + ResourceIds.FLEET_TYPE + "'. Use the name of an Azure "
                    + "region, such as 'eastus' or 'westeurope' (az account list-locations --query [].name).", "location");
        }
        return Locations.normalize(location);
    }

    private static void checkTags(Map<String, String> tags) {
        Tags.check(tags).ifPresent(v -> {
            throw new ArmException(ErrorCode.INVALID_TAG, v.message(), v.target());
        });
    }

    static String key(String subscriptionId) {
        return subscriptionId.toLowerCase(Locale.ROOT);
    }
}
