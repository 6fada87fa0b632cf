package org.fleetmesh.rp.arm;

import org.fleetmesh.rp.arm.domain.Preconditions;

/** Applies If-Match / If-None-Match of the current call to a resource's current ETag (null when absent). */
public final class ConditionalWrites {

    public static void require(Preconditions.Write write, String currentEtag, ArmCall call) {
        String failure = Preconditions.failure(write, currentEtag, call.ifMatch(), call.ifNoneMatch());
        if (failure != null) {
            throw Failures.preconditionFailed(failure);
        }
    }

    private ConditionalWrites() {
    }
}
