package org.fleetmesh.rp.mesh.checks.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetmesh.rp.member.domain.AksCluster;

/** Clusters that meet every prerequisite, and the few changes tests make to them. */
final class MeshFixtures {

    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";

    /** A meshable cluster whose single pool has node subnet {@code nodes} and pod subnet {@code pods-<name>} in {@code vnet}. */
    static AksCluster cluster(String name, VirtualNetworkId vnet) {
        return new AksCluster("/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg-" + name
                + "/providers/Microsoft.ContainerService/managedClusters/" + name, name, "westeurope", "1.33.2", "Succeeded",
                "Running", new AksCluster.Network("azure", null, "cilium", "cilium", List.of(), List.of("10.96.0.0/16"), true,
                        null),
                true, true, List.of(new AksCluster.AgentPool("nodepool1", vnet + "/subnets/nodes", vnet + "/subnets/pods-" + name)));
    }

    static AksCluster withNetwork(AksCluster c, String plugin, String pluginMode, String dataplane, boolean acns,
            String transitEncryption) {
        AksCluster.Network n = c.network();
        return new AksCluster(c.resourceId(), c.name(), c.location(), c.kubernetesVersion(), c.provisioningState(),
                c.powerState(), new AksCluster.Network(plugin, pluginMode, dataplane, n.policy(), n.podCidrs(),
                        n.serviceCidrs(), acns, transitEncryption), c.aadManaged(), c.localAccountsDisabled(), c.agentPools());
    }

    static AksCluster withEncryption(AksCluster c, String transitEncryption) {
        AksCluster.Network n = c.network();
        return withNetwork(c, n.plugin(), n.pluginMode(), n.dataplane(), n.acnsEnabled(), transitEncryption);
    }

    static AksCluster withPodCidrs(AksCluster c, List<String> podCidrs) {
        AksCluster.Network n = c.network();
        return new AksCluster(c.resourceId(), c.name(), c.location(), c.kubernetesVersion(), c.provisioningState(),
                c.powerState(), new AksCluster.Network(n.plugin(), n.pluginMode(), n.dataplane(), n.policy(), podCidrs,
                        n.serviceCidrs(), n.acnsEnabled(), n.transitEncryption()), c.aadManaged(), c.localAccountsDisabled(),
                c.agentPools());
    }

    static AksCluster withState(AksCluster c, String kubernetesVersion, String provisioningState, String powerState) {
        return new AksCluster(c.resourceId(), c.name(), c.location(), kubernetesVersion, provisioningState, powerState,
                c.network(), c.aadManaged(), c.localAccountsDisabled(), c.agentPools());
    }

    static AksCluster withPools(AksCluster c, AksCluster.AgentPool... pools) {
        return new AksCluster(c.resourceId(), c.name(), c.location(), c.kubernetesVersion(), c.provisioningState(),
                c.powerState(), c.network(), c.aadManaged(), c.localAccountsDisabled(), List.of(pools));
    }

    /** A network whose subnets are given as name, prefix, name, prefix, ... */
    static VirtualNetwork network(VirtualNetworkId id, List<VirtualNetwork.Peering> peerings, String... subnetsAndPrefixes) {
        Map<String, List<Cidr>> subnets = new LinkedHashMap<>();
        for (int i = 0; i < subnetsAndPrefixes.length; i += 2) {
            subnets.put(subnetsAndPrefixes[i], List.of(Cidr.parse(subnetsAndPrefixes[i + 1])));
        }
        return new VirtualNetwork(id, subnets, peerings);
    }

    private MeshFixtures() {
    }
}
