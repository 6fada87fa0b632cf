package org.fleetmesh.rp.mesh.domain;

import java.util.Optional;

/**
 * How far a mesh CA rollover has gone. It never leaves two members without a CA they both trust: members first
 * trust both CAs, then get certificates from the next one, and only once every member holds those is the previous CA
 * dropped, so a member left behind at any phase still shares a trusted CA with every other.
 */
public enum RolloverPhase {

    /** Every member trusts the current and the next CA; its certificates still come from the current one. */
    TrustBoth,

    /** Every member still trusts both; its certificates come from the next CA. */
    NewLeaves;

    /** Whether members' certificates are issued by the next CA in this phase. */
    public boolean leavesFromNextAuthority() {
        return this == NewLeaves;
    }

    /** The phase that follows once every member holds this one; empty when the rollover is complete after it. */
    public Optional<RolloverPhase> following() {
        return this == TrustBoth ? Optional.of(NewLeaves) : Optional.empty();
    }
}
