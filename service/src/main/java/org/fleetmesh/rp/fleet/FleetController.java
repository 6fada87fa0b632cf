package org.fleetmesh.rp.fleet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.rp.api.FleetsApi;
import org.fleetmesh.rp.api.model.Fleet;
import org.fleetmesh.rp.api.model.FleetCredentialResults;
import org.fleetmesh.rp.api.model.FleetListResult;
import org.fleetmesh.rp.api.model.FleetPatch;
import org.fleetmesh.rp.api.model.FleetProperties;
import org.fleetmesh.rp.api.model.FleetStatus;
import org.fleetmesh.rp.arm.ArmCall;
import org.fleetmesh.rp.arm.ArmCalls;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ArmModels;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.arm.Paging;
import org.fleetmesh.rp.arm.Written;
import org.fleetmesh.rp.arm.domain.ResourceIds;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
class FleetController implements FleetsApi {

    private final FleetService fleets;
    private final ArmCalls calls;
    private final ArmModels models;
    private final Paging paging;

    FleetController(FleetService fleets, ArmCalls calls, ArmModels models, Paging paging) {
        this.fleets = fleets;
        this.calls = calls;
        this.models = models;
        this.paging = paging;
    }

    @Override
    public ResponseEntity<Fleet> fleetsCreateOrUpdate(String apiVersion, String subscriptionId, String resourceGroupName,
            String fleetName, Fleet fleet, String ifMatch, String ifNoneMatch) {
        FleetProperties properties = fleet.getProperties();
        FleetSpec spec = new FleetSpec(fleet.getLocation(), fleet.getTags(),
                fleet.getIdentity() == null || fleet.getIdentity().getType() == null ? null : fleet.getIdentity().getType(),
                properties != null && properties.getHubProfile() != null,
                properties == null ? null : properties.getProvisioningState());
        Written<FleetEntity> written = fleets.createOrReplace(subscriptionId.toString(), resourceGroupName, fleetName, spec,
                calls.current());
        return respond(written.created() ? HttpStatus.CREATED : HttpStatus.OK, written.resource());
    }

    @Override
    public ResponseEntity<Fleet> fleetsGet(String apiVersion, String subscriptionId, String resourceGroupName, String fleetName) {
        return respond(HttpStatus.OK, fleets.get(subscriptionId.toString(), resourceGroupName, fleetName));
    }

    @Override
    public ResponseEntity<Fleet> fleetsUpdate(String apiVersion, String subscriptionId, String resourceGroupName, String fleetName,
            FleetPatch fleetPatch, String ifMatch) {
        ArmCall call = calls.current();
        JsonNode body = call.body();
        Map<String, String> tags = body == null || !body.has("tags") ? null
                : body.get("tags").isNull() ? Map.of() : fleetPatch.getTags();
        String identityType = fleetPatch.getIdentity() == null || fleetPatch.getIdentity().getType() == null ? null
                : fleetPatch.getIdentity().getType();
        return respond(HttpStatus.OK, fleets.update(subscriptionId.toString(), resourceGroupName, fleetName, tags, identityType, call));
    }

    @Override
    public ResponseEntity<Void> fleetsDelete(String apiVersion, String subscriptionId, String resourceGroupName, String fleetName,
            String ifMatch) {
        boolean deleted = fleets.delete(subscriptionId.toString(), resourceGroupName, fleetName, calls.current());
        return ResponseEntity.status(deleted ? HttpStatus.OK : HttpStatus.NO_CONTENT).build();
    }

    @Override
    public ResponseEntity<FleetListResult> fleetsListBySubscription(String apiVersion, String subscriptionId, Integer top,
            String skipToken) {
        ArmCall call = calls.current();
        String scope = "fleets/subscription/" + subscriptionId;
        Paging.Page page = paging.page(call, scope, 2);
        List<FleetEntity> found = fleets.pageBySubscription(subscriptionId.toString(), page);
        return ResponseEntity.ok(list(paging.listing(found, page, call, scope,
                last -> List.of(last.getResourceGroupKey(), last.getNameKey()))));
    }

    @Override
    public ResponseEntity<FleetListResult> fleetsListByResourceGroup(String apiVersion, String subscriptionId,
            String resourceGroupName) {
        ArmCall call = calls.current();
        String scope = "fleets/subscription/" + subscriptionId + "/resourceGroup/" + resourceGroupName.toLowerCase(java.util.Locale.ROOT);
        Paging.Page page = paging.page(call, scope, 1);
        List<FleetEntity> found = fleets.pageByResourceGroup(subscriptionId.toString(), resourceGroupName, page);
        return ResponseEntity.ok(list(paging.listing(found, page, call, scope, last -> List.of(last.getNameKey()))));
    }

    @Override
    public ResponseEntity<FleetCredentialResults> fleetsListCredentials(String apiVersion, String subscriptionId,
            String resourceGroupName, String fleetName) {
        fleets.get(subscriptionId.toString(), resourceGroupName, fleetName);
        throw new ArmException(ErrorCode.HUB_CLUSTER_NOT_SUPPORTED, "Fleet '" + fleetName + "' has no hub cluster, so there "
                + "are no hub credentials to list. Use each member cluster's own credentials (az aks get-credentials).", fleetName);
    }

    private FleetListResult list(Paging.Listing<FleetEntity> listing) {
        return new FleetListResult().value(listing.items().stream().map(this::toModel).toList()).nextLink(listing.nextLink());
    }

    private ResponseEntity<Fleet> respond(HttpStatus status, FleetEntity fleet) {
        return ResponseEntity.status(status).eTag(FleetService.etag(fleet)).body(toModel(fleet));
    }

    private Fleet toModel(FleetEntity fleet) {
        FleetProperties properties = new FleetProperties().provisioningState(fleet.getProvisioningState());
        if (fleet.getLastOperationId() != null || fleet.getLastOperationError() != null) {
            properties.status(new FleetStatus().lastOperationId(fleet.getLastOperationId())
                    .lastOperationError(models.errorDetail(fleet.getLastOperationError())));
        }
        return new Fleet(fleet.getLocation())
                .id(ResourceIds.fleet(fleet.getSubscriptionId(), fleet.getResourceGroup(), fleet.getName()))
                .name(fleet.getName())
                .type(ResourceIds.FLEET_TYPE)
                .tags(new LinkedHashMap<>(fleet.getTags()))
                .eTag(FleetService.etag(fleet))
                .systemData(ArmModels.systemData(fleet.getSystemData()))
                .properties(properties);
    }
}
