package org.fleetmesh.rp.mesh.domain;

/** A member's state in its mesh, as {@code meshProperties.status.state} shows it. */
public enum MeshMemberState {
    Connecting, Connected, Disconnecting, Failed;

    public static MeshMemberState of(String stored) {
        return stored == null ? null : valueOf(stored);
    }
}
