package org.fleetmesh.rp.mesh.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agents' view of the mesh, node by node, from the metrics each agent serves on AKS's port 9962. */
class AgentsMeshViewTest {

    private static String agent(String node, int b2, int c3) {
        return """
                # TYPE cilium_clustermesh_remote_clusters gauge
                cilium_clustermesh_remote_clusters{source_cluster="a1",source_node_name="%1$s"} 2
                # TYPE cilium_clustermesh_remote_cluster_readiness_status gauge
                cilium_clustermesh_remote_cluster_readiness_status{source_cluster="a1",source_node_name="%1$s",target_cluster="b2"} %2$d
                cilium_clustermesh_remote_cluster_readiness_status{source_cluster="a1",source_node_name="%1$s",target_cluster="c3"} %3$d
                """.formatted(node, b2, c3);
    }

    @Test
    void aPeerIsMissingOnTheNodesWhoseAgentDoesNotHaveItReadyAndAnAgentWithoutMeshMetricsSaysNothing() {
        AgentsMeshView view = AgentsMeshView.parse(Map.of(
                "node-0", agent("node-0", 1, 1),
                "node-1", agent("node-1", 1, 0),
                "node-2", "# TYPE cilium_endpoint_count gauge\ncilium_endpoint_count 12\n"));

        assertThat(view.reporting()).isTrue();
        assertThat(view.readinessByNode()).containsOnlyKeys("node-0", "node-1");
        assertThat(view.nodesWithout("b2")).isEmpty();
        assertThat(view.nodesWithout("c3")).containsExactly("node-1");
        assertThat(view.nodesWithout("d4")).as("a peer no agent names").containsExactly("node-0", "node-1");
    }

    @Test
    void agentsThatServeNoMeshMetricsAreNoEvidenceEitherWay() {
        AgentsMeshView view = AgentsMeshView.parse(Map.of("node-0", ""));

        assertThat(view.reporting()).isFalse();
        assertThat(view.nodesWithout("b2")).isEmpty();
    }
}
