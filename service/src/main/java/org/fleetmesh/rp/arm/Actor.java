package org.fleetmesh.rp.arm;

import java.time.Instant;

/** Who made a change and when: the source of a resource's systemData. */
public record Actor(String name, String type, Instant at) {
}
