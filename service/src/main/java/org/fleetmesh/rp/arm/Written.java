package org.fleetmesh.rp.arm;

/** The outcome of a create-or-replace: the stored resource and whether the write created it. */
public record Written<T>(T resource, boolean created) {
}
