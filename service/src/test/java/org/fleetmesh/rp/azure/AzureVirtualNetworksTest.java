package org.fleetmesh.rp.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.management.SubResource;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkInner;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkPeeringInner;
import com.azure.resourcemanager.network.models.VirtualNetworkPeeringState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fleetmesh.rp.mesh.checks.domain.Cidr;
import org.fleetmesh.rp.mesh.checks.domain.PeeringGraph;
import org.fleetmesh.rp.mesh.checks.domain.VirtualNetwork;
import org.fleetmesh.rp.mesh.checks.domain.VirtualNetwork.PeeringState;
import org.fleetmesh.rp.mesh.checks.domain.VirtualNetworkId;
import org.fleetmesh.rp.testing.TestAzure;
import org.fleetmesh.simulator.SimulatedAzure;
import org.fleetmesh.simulator.SimulatedVirtualNetworkSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading members' virtual networks, with subnets and peerings, from a simulated Azure. */
class AzureVirtualNetworksTest {

    private static final VirtualNetworkId EAST = network("networks", "east-vnet");
    private static final VirtualNetworkId WEST = network("networks", "west-vnet");
    private static final VirtualNetworkId NORTH = network("other", "north-vnet");

    private static SimulatedAzure azure;
    private static AzureVirtualNetworks networks;

    @BeforeAll
    static void startAzure() {
        azure = TestAzure.start();
        networks = new AzureVirtualNetworks(SimulatedAzureCalls.calls(azure, SimulatedAzureCalls.PATIENT));
        azure.addVirtualNetwork(new SimulatedVirtualNetworkSpec(EAST.toString(), "eastus", List.of("10.1.0.0/16"),
                Map.of("nodes", "10.1.0.0/24", "pods", "10.1.64.0/18")));
        azure.addVirtualNetwork(new SimulatedVirtualNetworkSpec(WEST.toString(), "westus", List.of("10.2.0.0/16"),
                Map.of("nodes", "10.2.0.0/24")));
        azure.addVirtualNetwork(new SimulatedVirtualNetworkSpec(NORTH.toString(), "northeurope", List.of("10.3.0.0/16"),
                Map.of("nodes", "10.3.0.0/24")));
        azure.peer(EAST.toString(), WEST.toString());
        // Only east has peered with north so far: its side waits for north's.
        azure.setPeeringState(EAST.toString(), NORTH.toString(), SimulatedVirtualNetworkSpec.PeeringState.Initiated);
    }

    @AfterAll
    static void stopAzure() {
        azure.close();
    }

    @BeforeEach
    void noFaultsNorRequests() {
        azure.clearFaults();
        azure.resetRequests();
    }

    private static VirtualNetworkId network(String resourceGroup, String name) {
        return new VirtualNetworkId(SimulatedAzureCalls.SUBSCRIPTION, resourceGroup, name);
    }

    @Test
    void aNetworkReadsWithItsSubnetPrefixesAndBothSidesOfItsPeerings() {
        VirtualNetwork east = networks.get(EAST).orElseThrow();
        VirtualNetwork west = networks.get(WEST).orElseThrow();
        VirtualNetwork north = networks.get(NORTH).orElseThrow();

        assertThat(east.id()).isEqualTo(EAST);
        assertThat(east.subnetPrefixes()).containsOnly(
                Map.entry("nodes", List.of(Cidr.parse("10.1.0.0/24"))),
                Map.entry("pods", List.of(Cidr.parse("10.1.64.0/18"))));
        assertThat(east.subnetPrefixes().get("PODS")).containsExactly(Cidr.parse("10.1.64.0/18"));
        assertThat(east.peerings()).containsExactlyInAnyOrder(
                new VirtualNetwork.Peering("east-vnet-to-north-vnet", NORTH, PeeringState.Initiated),
                new VirtualNetwork.Peering("east-vnet-to-west-vnet", WEST, PeeringState.Connected));
        assertThat(west.peerings()).containsExactly(
                new VirtualNetwork.Peering("west-vnet-to-east-vnet", EAST, PeeringState.Connected));
        assertThat(north.peerings()).isEmpty();

        PeeringGraph graph = PeeringGraph.of(List.of(east, west, north));
        assertThat(graph.reachable(EAST, WEST)).isTrue();
        assertThat(graph.reachable(EAST, NORTH)).isFalse();
        assertThat(azure.requestCount("GET", ".*/virtualNetworks/[^/]+")).isEqualTo(3);
    }

    @Test
    void aNetworkThatDoesNotExistIsEmpty() {
        assertThat(networks.get(network("networks", "never-created"))).isEmpty();
        assertThat(networks.get(network("no-such-group", "east-vnet"))).isEmpty();
    }

    @Test
    void networkReadsAreRetriedLikeEveryOtherCall() {
        azure.throttleNext(1, Duration.ofSeconds(1));
        azure.failNext(1, 503);

        assertThat(networks.get(WEST)).map(VirtualNetwork::id).contains(WEST);
        assertThat(azure.requestCount("GET", ".*/virtualNetworks/west-vnet")).isEqualTo(3);
    }

    @Test
    void aSubnetWithSeveralPrefixesKeepsThemAllAndAnUnknownPeeringStateConnectsNothing() {
        VirtualNetworkInner inner = new VirtualNetworkInner()
                .withSubnets(List.of(new SubnetInner().withName("pods")
                        .withAddressPrefixes(List.of("10.5.0.0/18", "fd00:5::/64"))))
                .withVirtualNetworkPeerings(List.of(new VirtualNetworkPeeringInner().withName("to-west")
                        .withRemoteVirtualNetwork(new SubResource().withId(WEST.toString()))
                        .withPeeringState(VirtualNetworkPeeringState.fromString("Updating"))));

        VirtualNetwork network = AzureVirtualNetworks.toDomain(EAST, inner);

        assertThat(network.subnetPrefixes().get("pods"))
                .containsExactly(Cidr.parse("10.5.0.0/18"), Cidr.parse("fd00:5::/64"));
        assertThat(network.peerings()).extracting(VirtualNetwork.Peering::state).containsExactly(PeeringState.Disconnected);
        assertThat(Optional.of(network).map(VirtualNetwork::id)).contains(EAST);
    }
}
