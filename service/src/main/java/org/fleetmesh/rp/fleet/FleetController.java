package org.fleetmesh.rp.fleet;

import java.util.Map;
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

    FleetController(FleetService fleets, FleetModels fleetModels, Operations operations, ArmCalls calls) {
        this.fleets = fleets;
        this.fleetModels = fleetModels;
        this.operations = operations;
        this.calls = calls;
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
        Written<Fleet> written = fleets.createOrReplace(subscriptionId, resourceGroupName, fleetName, spec, call)
                .map(fleetModels::toModel);
        HttpStatus status = written.created() ? HttpStatus.CREATED : HttpStatus.OK;
        return operations.written(written, written.resource().geteTag(), call,
                () -> fleets.settled(subscriptionId, resourceGroupName, fleetName).map(fleetModels.responder(status)));
    }

    @Override
    public ResponseEntity<Fleet> fleetsGet(String apiVersion, String subscriptionId, String resourceGroupName, String fleetName) {
        return fleetModels.respond(HttpStatus.OK, fleets.get(subscriptionId, resourceGroupName, fleetName));
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
        return operations.accepted(fleets.update(subscriptionId, resourceGroupName, fleetName, tags, identityType, call), call,
                () -> fleets.settled(subscriptionId, resourceGroupName, fleetName).map(fleetModels.responder(HttpStatus.OK)));
    }

    @Override
    public ResponseEntity<Void> fleetsDelete(String apiVersion, String subscriptionId, String resourceGroupName, String fleetName,
            String ifMatch) {
        ArmCall call = calls.current();
        return operations.deleted(fleets.delete(subscriptionId, resourceGroupName, fleetName, call), call);
    }

    @Override
    public ResponseEntity<FleetListResult> fleetsListBySubscription(String apiVersion, String subscriptionId, Integer top,
            String skipToken) {
        return ResponseEntity.ok(fleetModels.list(fleets.listBySubscription(subscriptionId, calls.current())));
    }

    @Override
    public ResponseEntity<FleetListResult> fleetsListByResourceGroup(String apiVersion, String subscriptionId,
            String resourceGroupName) {
        return ResponseEntity.ok(fleetModels.list(fleets.listByResourceGroup(subscriptionId, resourceGroupName,
                calls.current())));
    }

    @Override
    public ResponseEntity<FleetCredentialResults> fleetsListCredentials(String apiVersion, String subscriptionId,
            String resourceGroupName, String fleetName) {
        fleets.get(subscriptionId, resourceGroupName, fleetName);
        throw new ArmException(ErrorCode.HUB_CLUSTER_NOT_SUPPORTED, "Fleet '" + fleetName + "' has no hub cluster, so there "
                + "are no hub credentials to list. Use each member cluster's own credentials (az aks get-credentials).", fleetName);
    }

}
