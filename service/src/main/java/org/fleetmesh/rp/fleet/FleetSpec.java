package org.fleetmesh.rp.fleet;

import java.util.Map;

/**
 * What a PUT asks a fleet to be, already read out of the wire model of whichever api-version was used.
 *
 * @param identityType      the managed identity type requested, or null
 * @param hubProfileRequested whether the body asked for a hub cluster
 * @param provisioningState the read-only value echoed back by a client, or null
 */
public record FleetSpec(String location, Map<String, String> tags, String identityType, boolean hubProfileRequested,
        String provisioningState) {

    public FleetSpec {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
