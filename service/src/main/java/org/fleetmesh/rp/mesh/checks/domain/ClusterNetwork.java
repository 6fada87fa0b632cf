package org.fleetmesh.rp.mesh.checks.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fleetmesh.rp.member.domain.AksCluster;

/**
 * Where a cluster's nodes and pods take their addresses from.
 *
 * <p>The cluster's networks are those of its agent pools' node subnets ({@code vnetSubnetID}). AKS puts a pool's pod
 * subnet in the same network as its node subnet, so the node subnets name every network the cluster's pods and
 * nodes are in; a cluster whose pools sit in several networks needs each of them to reach every network of each
 * other member.
 *
 * <p>A pool without a node subnet runs in the network AKS creates and manages for the cluster, which cannot be
 * peered: such a cluster cannot be part of a flat network.
 *
 * @param networks the networks of the node subnets, each once, in pool order
 * @param poolsOnManagedNetwork the pools without a node subnet of a custom network
 * @param podAddressSpace the prefixes pod IPs come from: the cluster's {@code podCidrs} when it has them (overlay,
 *        kubenet), otherwise its pools' pod subnets, or node subnets for pools without a pod subnet (node-subnet mode);
 *        a subnet missing from the networks given contributes nothing
 */
public record ClusterNetwork(List<VirtualNetworkId> networks, List<String> poolsOnManagedNetwork, List<Cidr> podAddressSpace) {

    public ClusterNetwork {
        networks = List.copyOf(networks);
        poolsOnManagedNetwork = List.copyOf(poolsOnManagedNetwork);
        podAddressSpace = List.copyOf(podAddressSpace);
    }

    public static ClusterNetwork of(AksCluster cluster, Map<VirtualNetworkId, VirtualNetwork> networksById) {
        Set<VirtualNetworkId> networks = new LinkedHashSet<>();
        List<String> poolsOnManagedNetwork = new ArrayList<>();
        Set<Cidr> podSubnetSpace = new LinkedHashSet<>();
        for (AksCluster.AgentPool pool : cluster.agentPools()) {
            Optional<VirtualNetworkId.Subnet> nodeSubnet = VirtualNetworkId.parseSubnet(pool.vnetSubnetId());
            nodeSubnet.ifPresentOrElse(subnet -> networks.add(subnet.network()), () -> poolsOnManagedNetwork.add(pool.name()));
            VirtualNetworkId.parseSubnet(pool.podSubnetId()).or(() -> nodeSubnet)
                    .ifPresent(subnet -> podSubnetSpace.addAll(prefixesOf(subnet, networksById)));
        }
        List<String> podCidrs = cluster.network() == null ? List.of() : cluster.network().podCidrs();
        List<Cidr> podAddressSpace = podCidrs.isEmpty() ? List.copyOf(podSubnetSpace)
                : podCidrs.stream().map(Cidr::parse).distinct().toList();
        return new ClusterNetwork(List.copyOf(networks), poolsOnManagedNetwork, podAddressSpace);
    }

    /** Whether every node is in a network of the customer's, which peering can connect. */
    public boolean onCustomNetworks() {
        return !networks.isEmpty() && poolsOnManagedNetwork.isEmpty();
    }

    private static List<Cidr> prefixesOf(VirtualNetworkId.Subnet subnet, Map<VirtualNetworkId, VirtualNetwork> networksById) {
        VirtualNetwork network = networksById.get(subnet.network());
        return network == null ? List.of() : network.subnetPrefixes().getOrDefault(subnet.name(), List.of());
    }
}
