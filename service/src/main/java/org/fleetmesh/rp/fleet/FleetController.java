package org.fleetmesh.rp.fleet;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.api.FleetsApi;
import org.fleetmesh.rp.api.model.Fleet;
import org.fleetmesh.rp.api.model.FleetCredentialResults;
import org.fleetmesh.rp.api.model.FleetListResult;
import org.fleetmesh.rp.api.model.FleetPatch;
import org.fleetmesh.rp.api.model.FleetProperties;
import org.fleetmesh.rp.arm.ArmCall;
import org.fleetmesh.rp.arm.ArmCalls;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.arm.Paging;
import org.fleetmesh.rp.arm.Written;
import org.fleetmesh.rp.operation.Operations;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
class FleetController implements FleetsApi {

    private final FleetService fleets;
    private final FleetModels fleetModels;
    private final Operations operations;
    private final ArmCalls calls;
    private final Paging paging;

    FleetController(FleetService fleets, FleetModels fleetModels, Operations operations, ArmCalls calls, Paging paging) {
        this.fleets = fleets;
        this.fleetModels = fleetModels;
        this.operations = operations;
        this.calls = calls;
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
        ArmCall call = calls.current();
        Written<FleetEntity> written = fleets.createOrReplace(subscriptionId, resourceGroupName, fleetName, spec, call);
        HttpStatus status = written.created() ? HttpStatus.CREATED : HttpStatus.OK;
        // Finished at once: the completed PUT (terminal provisioningState, no Azure-AsyncOperation to poll).
        Optional<FleetEntity> done = completed(written.operation(), subscriptionId, resourceGroupName, fleetName);
        if (done.isPresent()) {
            return respond(status, done.get());
        }
        return ResponseEntity.status(status)
                .headers(operations.statusHeaders(written.operation(), call))
                .eTag(FleetService.etag(written.resource()))
                .body(fleetModels.toModel(written.resource()));
    }

    @Override
    public ResponseEntity<Fleet> fleetsGet(String apiVersion, String subscriptionId, String resourceGroupName, String fleetName) {
        return respond(HttpStatus.OK, fleets.get(subscriptionId, resourceGroupName, fleetName));
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
        Written<FleetEntity> written = fleets.update(subscriptionId, resourceGroupName, fleetName, tags, identityType, call);
        Optional<FleetEntity> done = completed(written.operation(), subscriptionId, resourceGroupName, fleetName);
        if (done.isPresent()) {
            return respond(HttpStatus.OK, done.get());
        }
        return ResponseEntity.accepted().headers(operations.pollingHeaders(written.operation(), call)).build();
    }

    @Override
    public ResponseEntity<Void> fleetsDelete(String apiVersion, String subscriptionId, String resourceGroupName, String fleetName,
            String ifMatch) {
        ArmCall call = calls.current();
        return fleets.delete(subscriptionId, resourceGroupName, fleetName, call)
                .map(operation -> operations.succeededWithinBudget(operation).isPresent() ? ResponseEntity.ok().<Void>build()
                        : ResponseEntity.accepted().headers(operations.pollingHeaders(operation, call)).<Void>build())
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @Override
    public ResponseEntity<FleetListResult> fleetsListBySubscription(String apiVersion, String subscriptionId, Integer top,
            String skipToken) {
        ArmCall call = calls.current();
        String scope = "fleets/subscription/" + subscriptionId;
        Paging.Page page = paging.page(call, scope, 2);
        List<FleetEntity> found = fleets.pageBySubscription(subscriptionId, page);
        return ResponseEntity.ok(list(paging.listing(found, page, call, scope,
                last -> List.of(last.getResourceGroupKey(), last.getNameKey()))));
    }

    @Override
    public ResponseEntity<FleetListResult> fleetsListByResourceGroup(String apiVersion, String subscriptionId,
            String resourceGroupName) {
        ArmCall call = calls.current();
        String scope = "fleets/subscription/" + subscriptionId + "/resourceGroup/" + resourceGroupName.toLowerCase(java.util.Locale.ROOT);
        Paging.Page page = paging.page(call, scope, 1);
        List<FleetEntity> found = fleets.pageByResourceGroup(subscriptionId, resourceGroupName, page);
        return ResponseEntity.ok(list(paging.listing(found, page, call, scope, last -> List.of(last.getNameKey()))));
    }

    @Override
    public ResponseEntity<FleetCredentialResults> fleetsListCredentials(String apiVersion, String subscriptionId,
            String resourceGroupName, String fleetName) {
        fleets.get(subscriptionId, resourceGroupName, fleetName);
        throw new ArmException(ErrorCode.HUB_CLUSTER_NOT_SUPPORTED, "Fleet '" + fleetName + "' has no hub cluster, so there "
                + "are no hub credentials to list. Use each member cluster's own credentials (az aks get-credentials).", fleetName);
    }

    private FleetListResult list(Paging.Listing<FleetEntity> listing) {
        return new FleetListResult().value(listing.items().stream().map(fleetModels::toModel).toList())
                .nextLink(listing.nextLink());
    }

    /**
     * The fleet as its write left it, if the write's operation Succeeded within the synchronous budget; empty when
     * the write is answered asynchronously (still running, failed, or the fleet has gone since).
     */
    private Optional<FleetEntity> completed(OperationEntity operation, String subscriptionId, String resourceGroupName,
            String fleetName) {
        if (operations.succeededWithinBudget(operation).isEmpty()) {
            return Optional.empty();
        }
        try {
            // Another write may have started on it since: then its state is not final, and neither is this answer.
            return Optional.of(fleets.get(subscriptionId, resourceGroupName, fleetName)).filter(row -> Operations.TERMINAL_STATES.contains(row.getProvisioningState()));
        } catch (ArmException gone) {
            return Optional.empty();
        }
    }

    private ResponseEntity<Fleet> respond(HttpStatus status, FleetEntity fleet) {
        return ResponseEntity.status(status).eTag(FleetService.etag(fleet)).body(fleetModels.toModel(fleet));
    }
}
