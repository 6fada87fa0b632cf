package org.fleetmesh.rp.operation.testing;

import java.util.UUID;
import org.fleetmesh.persistence.ArmResourceRow;

/**
 * A resource row that is never stored (it is no entity), for operations of the test types accepted through
 * {@code Operations.start}: it only carries the provisioning state and last operation the service sets on it.
 */
public final class DetachedResource extends ArmResourceRow {

    public DetachedResource(String name) {
        super(UUID.randomUUID(), name);
    }
}
