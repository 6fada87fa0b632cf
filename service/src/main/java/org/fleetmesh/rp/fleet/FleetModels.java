package org.fleetmesh.rp.fleet;

import java.util.LinkedHashMap;
import java.util.function.Function;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.rp.api.model.Fleet;
import org.fleetmesh.rp.api.model.FleetListResult;
import org.fleetmesh.rp.api.model.FleetProperties;
import org.fleetmesh.rp.api.model.FleetStatus;
import org.fleetmesh.rp.api.model.ManagedServiceIdentity;
import org.fleetmesh.rp.arm.ArmModels;
import org.fleetmesh.rp.arm.Paging;
import org.fleetmesh.rp.arm.domain.ResourceIds;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * A stored fleet as the wire model of the newest api-version, and the answers that carry it; the front door cuts it
 * to the caller's version. The controller sees only what these return.
 */
@Component
class FleetModels {

    private final ArmModels models;

    FleetModels(ArmModels models) {
        this.models = models;
    }

    Fleet toModel(FleetEntity fleet) {
        FleetProperties properties = new FleetProperties().provisioningState(fleet.getProvisioningState().name());
        if (fleet.getLastOperationId() != null || fleet.getLastOperationError() != null) {
            properties.status(new FleetStatus().lastOperationId(fleet.getLastOperationId())
                    .lastOperationError(models.errorDetail(fleet.getLastOperationError())));
        }
        return new Fleet(fleet.getLocation())
                .id(FleetIds.resourceId(fleet))
                .name(fleet.getName())
                .type(ResourceIds.FLEET_TYPE)
                // Azure answers with the tags and identity that were sent, and invents neither.
                .tags(fleet.getTags().isEmpty() ? null : new LinkedHashMap<>(fleet.getTags()))
                .identity(fleet.getIdentityType() == null ? null : new ManagedServiceIdentity().type(fleet.getIdentityType()))
                .eTag(FleetIds.etag(fleet))
                .systemData(ArmModels.systemData(fleet.getSystemData()))
                .properties(properties);
    }

    /** {@link #respond} with this status, for a write that answers with the resource as its operation left it. */
    Function<FleetEntity, ResponseEntity<Fleet>> responder(HttpStatus status) {
        return fleet -> respond(status, fleet);
    }

    ResponseEntity<Fleet> respond(HttpStatus status, FleetEntity fleet) {
        return ResponseEntity.status(status).eTag(FleetIds.etag(fleet)).body(toModel(fleet));
    }

    FleetListResult list(Paging.Listing<FleetEntity> listing) {
        return new FleetListResult().value(listing.items().stream().map(this::toModel).toList()).nextLink(listing.nextLink());
    }
}
