package org.fleetmesh.rp.mesh.checks.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetmesh.rp.mesh.checks.domain.VirtualNetwork.PeeringState.Connected;
import static org.fleetmesh.rp.mesh.checks.domain.VirtualNetwork.PeeringState.Disconnected;
import static org.fleetmesh.rp.mesh.checks.domain.VirtualNetwork.PeeringState.Initiated;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeeringGraphTest {

    static final VirtualNetworkId A = vnet("vnet-a");
    static final VirtualNetworkId B = vnet("vnet-b");
    static final VirtualNetworkId C = vnet("vnet-c");

    static VirtualNetworkId vnet(String name) {
        return new VirtualNetworkId("00000000-0000-0000-0000-000000000001", "rg-net", name);
    }

    static VirtualNetwork network(VirtualNetworkId id, VirtualNetwork.Peering... peerings) {
        return new VirtualNetwork(id, Map.of(), List.of(peerings));
    }

    static VirtualNetwork.Peering peering(VirtualNetworkId to, VirtualNetwork.PeeringState state) {
        return new VirtualNetwork.Peering("to-" + to.name(), to, state);
    }

    @Test
    void aNetworkReachesItselfEvenWithoutPeerings() {
        assertThat(PeeringGraph.of(List.of()).reachable(A, vnet("VNET-A"))).isTrue();
    }

    @Test
    void peeringConnectedBothWaysReaches() {
        PeeringGraph graph = PeeringGraph.of(List.of(network(A, peering(B, Connected)), network(B, peering(A, Connected))));
        assertThat(graph.reachable(A, B)).isTrue();
        assertThat(graph.reachable(B, A)).isTrue();
    }

    @Test
    void oneDirectionIsNotEnough() {
        PeeringGraph initiated = PeeringGraph.of(List.of(network(A, peering(B, Initiated)), network(B)));
        PeeringGraph disconnected = PeeringGraph.of(List.of(network(A, peering(B, Connected)), network(B, peering(A, Disconnected))));
        PeeringGraph remoteUnknown = PeeringGraph.of(List.of(network(A, peering(B, Connected))));
        assertThat(initiated.reachable(A, B)).isFalse();
        assertThat(disconnected.reachable(A, B)).isFalse();
        assertThat(disconnected.reachable(B, A)).isFalse();
        assertThat(remoteUnknown.reachable(A, B)).isFalse();
    }

    @Test
    void peeringIsNotTransitive() {
        PeeringGraph graph = PeeringGraph.of(List.of(network(A, peering(B, Connected)),
                network(B, peering(A, Connected), peering(C, Connected)), network(C, peering(B, Connected))));
        assertThat(graph.reachable(A, B)).isTrue();
        assertThat(graph.reachable(B, C)).isTrue();
        assertThat(graph.reachable(A, C)).isFalse();
    }

    @Test
    void idsCompareWithoutCase() {
        VirtualNetworkId shouting = new VirtualNetworkId("00000000-0000-0000-0000-000000000001", "RG-NET", "VNET-B");
        PeeringGraph graph = PeeringGraph.of(List.of(network(A, peering(shouting, Connected)), network(B, peering(A, Connected))));
        assertThat(graph.reachable(A, B)).isTrue();
        assertThat(graph.peering(A, B)).hasValueSatisfying(p -> assertThat(p.state()).isEqualTo(Connected));
    }

    @Test
    void subnetIdsNameTheirNetworkWhateverTheCase() {
        assertThat(VirtualNetworkId.parseSubnet("/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/RG-NET"
                + "/providers/microsoft.network/virtualnetworks/vnet-a/subnets/pods"))
                .hasValueSatisfying(subnet -> {
                    assertThat(subnet.network()).isEqualTo(A);
                    assertThat(subnet.name()).isEqualTo("pods");
                });
        assertThat(VirtualNetworkId.parse(A.toString())).contains(A);
        assertThat(VirtualNetworkId.parseSubnet(A.toString())).isEmpty();
        assertThat(VirtualNetworkId.parseSubnet(null)).isEmpty();
    }
}
