package org.fleetmesh.rp.mesh;

import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.fleetmesh.rp.arm.domain.ETags;
import org.fleetmesh.rp.arm.domain.ResourceIds;

/**
 * A stored profile's ARM identity: its resource id and ETag. The service checks preconditions with them, the
 * converter and the what-if show them; kept apart from all three so that the converter, which the apply uses for its
 * result, does not depend on the service that starts the apply.
 */
final class ClusterMeshProfileIds {

    static String resourceId(ClusterMeshProfileEntity profile) {
        FleetEntity fleet = profile.getFleet();
        return ResourceIds.clusterMeshProfile(fleet.getSubscriptionId(), fleet.getResourceGroup(), fleet.getName(),
                profile.getName());
    }

    static String etag(ClusterMeshProfileEntity profile) {
        return ETags.of(profile.getId(), profile.getVersion());
    }

    private ClusterMeshProfileIds() {
    }
}
