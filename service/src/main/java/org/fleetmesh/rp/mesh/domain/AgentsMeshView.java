package org.fleetmesh.rp.mesh.domain;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a member's Cilium agents report of the mesh, node by node, from their Prometheus metrics on AKS's port 9962
 * ({@code cilium_clustermesh_remote_cluster_readiness_status{target_cluster="<peer>"}}, 1 once the agent has the
 * peer's state synchronised): the last link of the chain, since the agents are what program the datapath. A node whose
 * metrics name no remote cluster at all (metrics off, or not read) says nothing either way and is left out.
 *
 * @param readinessByNode per node, per peer's Cilium cluster name, whether its agent has the peer ready
 */
public record AgentsMeshView(Map<String, Map<String, Boolean>> readinessByNode) {

    static final String READINESS = "cilium_clustermesh_remote_cluster_readiness_status";

    public AgentsMeshView {
        readinessByNode = Map.copyOf(readinessByNode);
    }

    /** @param metricsByNode each agent's metrics text, by the node it runs on */
    public static AgentsMeshView parse(Map<String, String> metricsByNode) {
        Map<String, Map<String, Boolean>> byNode = new TreeMap<>();
        metricsByNode.forEach((node, metrics) -> {
            Map<String, Boolean> peers = new TreeMap<>();
            KvstoreMeshReport.samples(metrics, READINESS).forEach((peer, value) -> peers.put(peer, value >= 1));
            if (!peers.isEmpty()) {
                byNode.put(node, peers);
            }
        });
        return new AgentsMeshView(byNode);
    }

    /** Whether any agent reported the mesh at all. */
    public boolean reporting() {
        return !readinessByNode.isEmpty();
    }

    /** The nodes whose agent reports the mesh but does not have {@code peer} ready, in name order. */
    public List<String> nodesWithout(String peer) {
        return readinessByNode.entrySet().stream().filter(node -> !node.getValue().getOrDefault(peer, false))
                .map(Map.Entry::getKey).sorted().toList();
    }
}
