package org.fleetmesh.rp.fleet;

import java.util.Collections;
import java.util.LinkedHashMap;
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
        // not Map.copyOf: a tag with a null value must reach the tag checks, which refuse it with a 400
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
}
