package org.fleetmesh.rp.azure;

import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkInner;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkPeeringInner;
import com.azure.resourcemanager.network.models.VirtualNetworkPeeringState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.mesh.VirtualNetworks;
import org.fleetmesh.rp.mesh.checks.domain.Cidr;
import org.fleetmesh.rp.mesh.checks.domain.VirtualNetwork;
import org.fleetmesh.rp.mesh.checks.domain.VirtualNetworkId;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Virtual networks through the Azure SDK for networking, its calls made through {@link AzureCalls}. */
@Component
class AzureVirtualNetworks implements VirtualNetworks {

    private final AzureCalls arm;
    private final Map<String, NetworkManager> managersBySubscription = new ConcurrentHashMap<>();

    AzureVirtualNetworks(AzureCalls arm) {
        this.arm = arm;
    }

    @Override
    public Optional<VirtualNetwork> get(VirtualNetworkId id) {
        NetworkManager manager = managersBySubscription.computeIfAbsent(id.subscriptionId().toLowerCase(Locale.ROOT),
                subscription -> arm.manager(NetworkManager.configure(), subscription,
                        NetworkManager.Configurable::authenticate));
        Mono<VirtualNetworkInner> read = manager.serviceClient().getVirtualNetworks()
                .getByResourceGroupAsync(id.resourceGroup(), id.name())
                // A missing network (or resource group) is an answer, not a failure: the checks report it.
                .onErrorResume(AzureCalls::notFound, missing -> Mono.empty());
        return Optional.ofNullable(arm.call(action(id), read)).map(network -> toDomain(id, network));
    }

    private static AzureCalls.ArmAction action(VirtualNetworkId id) {
        String network = id.toString();
        return new AzureCalls.ArmAction(network, "read", "Microsoft.Network/virtualNetworks/read",
                "the 'Reader' role (or any role with that action) on the network, for example: az role assignment "
                        + "create --assignee <service principal> --role Reader --scope " + network, network,
                // Not reached: a 404 is an empty answer.
                azureCode -> new ArmException(ErrorCode.RESOURCE_NOT_FOUND, "The virtual network '" + network
                        + "' does not exist (Azure answered " + azureCode + ").", network));
    }

    static VirtualNetwork toDomain(VirtualNetworkId id, VirtualNetworkInner network) {
        Map<String, List<Cidr>> subnetPrefixes = new LinkedHashMap<>();
        if (network.subnets() != null) {
            network.subnets().forEach(subnet -> subnetPrefixes.put(subnet.name(), prefixesOf(subnet)));
        }
        List<VirtualNetwork.Peering> peerings = new ArrayList<>();
        if (network.virtualNetworkPeerings() != null) {
            for (VirtualNetworkPeeringInner peering : network.virtualNetworkPeerings()) {
                // A peering always names its remote network; one that did not could not connect anything.
                Optional<VirtualNetworkId> remote = Optional.ofNullable(peering.remoteVirtualNetwork())
                        .flatMap(reference -> VirtualNetworkId.parse(reference.id()));
                remote.ifPresent(remoteId -> peerings.add(
                        new VirtualNetwork.Peering(peering.name(), remoteId, stateOf(peering.peeringState()))));
            }
        }
        return new VirtualNetwork(id, subnetPrefixes, peerings);
    }

    /** A subnet has {@code addressPrefix}, or {@code addressPrefixes} when it has several (or an IPv6 one too). */
    private static List<Cidr> prefixesOf(SubnetInner subnet) {
        List<String> prefixes = subnet.addressPrefixes() != null && !subnet.addressPrefixes().isEmpty()
                ? subnet.addressPrefixes()
                : subnet.addressPrefix() == null ? List.of() : List.of(subnet.addressPrefix());
        return prefixes.stream().map(Cidr::parse).toList();
    }

    /** An unknown or missing state is not Connected, so it connects nothing: read as Disconnected. */
    private static VirtualNetwork.PeeringState stateOf(VirtualNetworkPeeringState state) {
        String text = state == null ? "" : state.toString();
        for (VirtualNetwork.PeeringState known : VirtualNetwork.PeeringState.values()) {
            if (known.name().equalsIgnoreCase(text)) {
                return known;
            }
        }
        return VirtualNetwork.PeeringState.Disconnected;
    }
}
