package org.fleetmesh.rp.mesh;

import java.util.Optional;
import org.fleetmesh.rp.mesh.checks.domain.VirtualNetwork;
import org.fleetmesh.rp.mesh.checks.domain.VirtualNetworkId;

/**
 * Azure's view of the virtual networks member clusters' nodes and pods are in, for the flat-network checks.
 * A network the service may not read fails with {@code AuthorizationFailed}, an Azure outage that outlasts the
 * retries with {@code AzureRequestFailed} or {@code AzureRequestTimedOut} (all {@link org.fleetmesh.rp.arm.ArmException}s).
 */
public interface VirtualNetworks {

    /** The network with its subnets' prefixes and its peerings; empty when it (or its resource group) does not exist. */
    Optional<VirtualNetwork> get(VirtualNetworkId id);
}
