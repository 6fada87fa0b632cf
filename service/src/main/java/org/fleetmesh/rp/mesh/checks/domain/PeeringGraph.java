package org.fleetmesh.rp.mesh.checks.domain;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which virtual networks reach each other directly. Two networks do when they are the same network, or when each
 * has a {@code Connected} peering to the other. Peering is not transitive: A peered with B and B with C does not
 * let A reach C, so every pair of members needs its own peering.
 */
public final class PeeringGraph {

    private final Map<VirtualNetworkId, Map<VirtualNetworkId, VirtualNetwork.Peering>> peeringsByNetwork = new HashMap<>();

    private PeeringGraph(Collection<VirtualNetwork> networks) {
        for (VirtualNetwork network : networks) {
            Map<VirtualNetworkId, VirtualNetwork.Peering> byRemote =
                    peeringsByNetwork.computeIfAbsent(network.id(), id -> new HashMap<>());
            // Azure allows one peering per remote network; should a listing repeat one, a Connected side wins.
            network.peerings().forEach(peering -> byRemote.merge(peering.remoteNetwork(), peering,
                    (kept, next) -> next.state() == VirtualNetwork.PeeringState.Connected ? next : kept));
        }
    }

    public static PeeringGraph of(Collection<VirtualNetwork> networks) {
        return new PeeringGraph(networks);
    }

    public boolean reachable(VirtualNetworkId a, VirtualNetworkId b) {
        return a.equals(b) || connected(a, b) && connected(b, a);
    }

    /** The peering {@code from} lists towards {@code to}, if any; a network missing from the graph has none. */
    public Optional<VirtualNetwork.Peering> peering(VirtualNetworkId from, VirtualNetworkId to) {
        return Optional.ofNullable(peeringsByNetwork.getOrDefault(from, Map.of()).get(to));
    }

    private boolean connected(VirtualNetworkId from, VirtualNetworkId to) {
        return peering(from, to).map(p -> p.state() == VirtualNetwork.PeeringState.Connected).orElse(false);
    }
}
