package org.fleetmesh.rp.arm;

/**
 * A write completed within its request, as cluster mesh profiles' are: the resource as stored, and whether the write
 * created it. {@link Written} is its long-running counterpart.
 */
public record Stored<T>(T resource, boolean created) {
}
