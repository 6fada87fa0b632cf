package org.fleetmesh.rp.member.domain;

import java.util.List;

/**
 * An AKS cluster as Azure Resource Manager describes it, reduced to what joining a fleet and meshing need.
 * Absent optional fields are null, as Azure leaves them out.
 */
public record AksCluster(
        String resourceId,
        String name,
        String location,
        String kubernetesVersion,
        String provisioningState,
        String powerState,
        Network network,
        boolean aadManaged,
        boolean localAccountsDisabled,
        List<AgentPool> agentPools) {

    public AksCluster {
        agentPools = agentPools == null ? List.of() : List.copyOf(agentPools);
    }

    /** {@code properties.networkProfile}, with Advanced Container Networking Services flattened in. */
    public record Network(String plugin, String pluginMode, String dataplane, String policy, List<String> podCidrs,
            List<String> serviceCidrs, boolean acnsEnabled, String transitEncryption) {
        public Network {
            podCidrs = podCidrs == null ? List.of() : List.copyOf(podCidrs);
            serviceCidrs = serviceCidrs == null ? List.of() : List.copyOf(serviceCidrs);
        }
    }

    public record AgentPool(String name, String vnetSubnetId, String podSubnetId) {
    }
}
