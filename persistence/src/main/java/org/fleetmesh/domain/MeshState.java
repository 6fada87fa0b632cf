package org.fleetmesh.domain;

import java.util.Collection;

/** A profile's {@code status.state}: where its last apply left the mesh. */
public enum MeshState {
    NotConnected, Applying, Connected, Degraded, Failed;

    /** The state an apply ends in, from the states its members ended in (members that left are not counted). */
    public static MeshState after(Collection<MeshMemberState> members) {
        long connected = members.stream().filter(s -> s == MeshMemberState.Connected).count();
        if (members.isEmpty()) {
            return NotConnected;
        }
        if (connected == members.size()) {
            return Connected;
        }
        return connected == 0 ? Failed : Degraded;
    }
}
