package org.fleetmesh.rp.member;

import org.fleetmesh.rp.member.domain.AksCluster;

/**
 * Azure's view of member clusters. A cluster that does not exist fails with {@code ClusterNotFound}, one the
 * service may not read with {@code AuthorizationFailed} (both {@link org.fleetmesh.rp.arm.ArmException}s); an
 * outage of Azure that outlasts the retries fails with {@link java.io.UncheckedIOException}, which operations retry.
 */
public interface AksClusters {

    AksCluster get(String clusterResourceId);

    /** Credentials for the cluster's Kubernetes API; held in memory for one use, never stored or logged. */
    ClusterCredentials credentials(AksCluster cluster);
}
