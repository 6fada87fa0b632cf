package org.fleetmesh.rp.fleet;

import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.rp.arm.domain.ETags;
import org.fleetmesh.rp.arm.domain.ResourceIds;

/**
 * A stored fleet's ARM identity: its resource id and ETag. The service checks preconditions with them and the
 * converter shows them, so they live apart from both and neither depends on the other for them.
 */
final class FleetIds {

    static String resourceId(FleetEntity fleet) {
        return ResourceIds.fleet(fleet.getSubscriptionId(), fleet.getResourceGroup(), fleet.getName());
    }

    static String etag(FleetEntity fleet) {
        return ETags.of(fleet.getId(), fleet.getVersion());
    }

    private FleetIds() {
    }
}
