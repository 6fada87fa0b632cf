package org.fleetmesh.rp.mesh.checks.domain;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A virtual network as ARM reports it, reduced to what the flat-network checks need: the address prefixes of its
 * subnets (pods of a pod-subnet or node-subnet cluster take their IPs from them) and its peerings.
 *
 * @param subnetPrefixes address prefixes by subnet name; names are case-insensitive, as in ARM
 */
public record VirtualNetwork(VirtualNetworkId id, Map<String, List<Cidr>> subnetPrefixes, List<Peering> peerings) {

    public VirtualNetwork {
        TreeMap<String, List<Cidr>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        subnetPrefixes.forEach((name, prefixes) -> byName.put(name, List.copyOf(prefixes)));
        subnetPrefixes = Collections.unmodifiableMap(byName);
        peerings = List.copyOf(peerings);
    }

    /**
     * One side of a peering, as {@code virtualNetworkPeerings} lists it on this network.
     *
     * @param name the peering's name on this network, which deleting it needs
     */
    public record Peering(String name, VirtualNetworkId remoteNetwork, PeeringState state) {
    }

    /**
     * {@code properties.peeringState} of one side: {@code Initiated} until the remote side peers back,
     * {@code Connected} once both sides exist, {@code Disconnected} after the remote side was deleted.
     */
    public enum PeeringState {
        Initiated, Connected, Disconnected
    }
}
