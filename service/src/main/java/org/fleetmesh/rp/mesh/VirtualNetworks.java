package org.fleetmesh.rp.mesh;

import java.util.Optional;
import org.fleetmesh.rp.mesh.checks.domain.VirtualNetwork;
import org.fleetmesh.rp.mesh.checks.domain.VirtualNetworkId;

/** Azure's view of the members' virtual networks: their subnets and peerings. */
public interface VirtualNetworks {

    /** The network, or empty when it does not exist. */
    Optional<VirtualNetwork> get(VirtualNetworkId id);
}
