package org.fleetmesh.rp.mesh.checks.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetmesh.rp.mesh.checks.domain.MeshFixtures.cluster;
import static org.fleetmesh.rp.mesh.checks.domain.MeshFixtures.network;
import static org.fleetmesh.rp.mesh.checks.domain.MeshFixtures.withPodCidrs;
import static org.fleetmesh.rp.mesh.checks.domain.MeshFixtures.withPools;
import static org.fleetmesh.rp.mesh.checks.domain.PeeringGraphTest.A;
import static org.fleetmesh.rp.mesh.checks.domain.PeeringGraphTest.B;

import java.util.List;
import java.util.Map;
import org.fleetmesh.rp.member.domain.AksCluster;
import org.junit.jupiter.api.Test;

class ClusterNetworkTest {

    private static final Map<VirtualNetworkId, VirtualNetwork> NETWORKS = Map.of(
            A, network(A, List.of(), "nodes", "10.1.0.0/24", "pods-c1", "10.244.0.0/16", "pods-extra", "fd00:1::/64"),
            B, network(B, List.of(), "nodes", "10.2.0.0/16"));

    @Test
    void podsOfAPodSubnetClusterComeFromThePodSubnets() {
        ClusterNetwork network = ClusterNetwork.of(cluster("c1", A), NETWORKS);
        assertThat(network.networks()).containsExactly(A);
        assertThat(network.podAddressSpace()).containsExactly(Cidr.parse("10.244.0.0/16"));
        assertThat(network.onCustomNetworks()).isTrue();
    }

    @Test
    void podsOfANodeSubnetPoolComeFromItsNodeSubnet() {
        AksCluster cluster = withPools(cluster("c1", A), new AksCluster.AgentPool("system", A + "/subnets/pods-c1", null),
                new AksCluster.AgentPool("user", B + "/subnets/NODES", null));
        ClusterNetwork network = ClusterNetwork.of(cluster, NETWORKS);
        assertThat(network.networks()).containsExactly(A, B);
        assertThat(network.podAddressSpace()).containsExactly(Cidr.parse("10.244.0.0/16"), Cidr.parse("10.2.0.0/16"));
    }

    @Test
    void podCidrsWinWhenTheClusterHasThem() {
        AksCluster overlay = withPodCidrs(cluster("c1", A), List.of("10.244.0.0/16", "fd00:244::/56", "10.244.0.0/16"));
        assertThat(ClusterNetwork.of(overlay, NETWORKS).podAddressSpace())
                .containsExactly(Cidr.parse("10.244.0.0/16"), Cidr.parse("fd00:244::/56"));
    }

    @Test
    void poolsWithoutASubnetAreOnTheManagedNetwork() {
        AksCluster mixed = withPools(cluster("c1", A), new AksCluster.AgentPool("system", null, null),
                new AksCluster.AgentPool("user", A + "/subnets/nodes", null));
        assertThat(ClusterNetwork.of(mixed, NETWORKS).poolsOnManagedNetwork()).containsExactly("system");
        assertThat(ClusterNetwork.of(mixed, NETWORKS).onCustomNetworks()).isFalse();
        assertThat(ClusterNetwork.of(withPools(cluster("c1", A)), NETWORKS).onCustomNetworks()).isFalse();
    }

    @Test
    void aSubnetMissingFromTheNetworksAddsNoAddresses() {
        assertThat(ClusterNetwork.of(cluster("c1", A), Map.of()).podAddressSpace()).isEmpty();
    }
}
