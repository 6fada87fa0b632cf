package org.fleetmesh.rp.operation;

import org.fleetmesh.domain.ProvisioningState;
import org.fleetmesh.persistence.ArmResourceRow;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.arm.ArmModels;
import org.springframework.stereotype.Component;

/** Shows an operation's end on its resource: the terminal provisioning state and the error, if any. */
@Component
public class ResourceOutcomes {

    private final ArmModels models;

    ResourceOutcomes(ArmModels models) {
        this.models = models;
    }

    public void record(ArmResourceRow resource, ArmError error) {
        resource.setProvisioningState(error == null ? ProvisioningState.Succeeded : ProvisioningState.Failed);
        resource.setLastOperationError(models.store(error));
    }
}
