package org.fleetmesh.simulator;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
  * A simulated Azure virtual network as ARM reports it: address space and subnets; peerings are added with
  * {@link SimulatedAzure#peer(String, String)}.
  *
  * @param resourceId {@code /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{name}}
  * @param subnets subnet name to address prefix; ARM lists them in name order here
  */
public record SimulatedVirtualNetworkSpec(
        String resourceId, String location, List<String> addressPrefixes, Map<String, String> subnets) {

    public SimulatedVirtualNetworkSpec {
        ArmResourceId.parse(resourceId, "Microsoft.Network", "virtualNetworks");
        addressPrefixes = List.copyOf(addressPrefixes);
        subnets = new TreeMap<>(subnets);
    }

    /** The id of one of this network's subnets. */
    public String subnetId(String subnetName) {
        return resourceId + "/subnets/" + subnetName;
    }

    /** The state ARM reports on one side of a virtual network peering. */
    public enum PeeringState {
        Initiated,
        Connected,
        Disconnected
    }
}
