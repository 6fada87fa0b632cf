package org.fleetmesh.rp.mesh;

import org.fleetmesh.rp.member.domain.AksCluster;

/**
 * Members' Kubernetes APIs. A member that cannot be reached fails with {@code MemberClusterUnreachable}, an
 * {@link org.fleetmesh.rp.arm.ArmException} whose message says what to check.
 */
public interface MemberClusters {

    /** A connection with fresh credentials from Azure; close it when done. */
    MemberCluster connect(AksCluster cluster);
}
