package org.fleetmesh.domain;

/** A member's state in its mesh, as {@code meshProperties.status.state} shows it. */
public enum MeshMemberState {
    Connecting, Connected, Disconnecting, Failed;
}
