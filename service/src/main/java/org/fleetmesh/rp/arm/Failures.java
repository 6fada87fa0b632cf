package org.fleetmesh.rp.arm;

import org.fleetmesh.domain.ProvisioningState;
import org.jspecify.annotations.Nullable;

/** The failures every resource type shares, worded the way ARM words them. */
public final class Failures {

    public static ArmException notFound(String type, String name, String resourceGroup) {
        return new ArmException(ErrorCode.RESOURCE_NOT_FOUND, "The Resource '" + type + "/" + name
                + "' under resource group '" + resourceGroup + "' was not found.", name);
    }

    public static ArmException parentNotFound(String parentType, String parentName, String resourceGroup) {
        return new ArmException(ErrorCode.PARENT_RESOURCE_NOT_FOUND, "Can not perform requested operation on nested resource. "
                + "Parent resource '" + parentType + "/" + parentName + "' under resource group '" + resourceGroup
                + "' was not found. Create it first.", parentName);
    }

    public static ArmException preconditionFailed(String why) {
        return new ArmException(ErrorCode.PRECONDITION_FAILED, why + " Read the resource again for its current ETag.",
                "If-Match");
    }

    /** A PUT may repeat the resource's read-only provisioningState (clients send back what they read), not change it. */
    public static void requireUnchangedProvisioningState(ProvisioningState stored, @Nullable String sent) {
        if (sent != null && !sent.equalsIgnoreCase(stored.name())) {
            throw new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, "properties.provisioningState is read-only: the "
                    + "request sent '" + sent + "' but the resource is '" + stored + "'. Omit it or send the current value.",
                    "properties.provisioningState");
        }
    }

    private Failures() {
    }
}
