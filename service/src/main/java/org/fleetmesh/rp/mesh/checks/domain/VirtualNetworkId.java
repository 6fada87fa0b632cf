package org.fleetmesh.rp.mesh.checks.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARM id of a virtual network. ARM ids are case-insensitive (AKS reports {@code resourcegroups} where the
 * network reports {@code resourceGroups}), so equality ignores case; {@link #toString()} keeps the spelling given.
 */
public record VirtualNetworkId(String subscriptionId, String resourceGroup, String name) {

    private static final String NETWORK = "/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Network"
            + "/virtualNetworks/([^/]+)";
    private static final Pattern NETWORK_ID = Pattern.compile("^" + NETWORK + "$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SUBNET_ID = Pattern.compile("^" + NETWORK + "/subnets/([^/]+)$", Pattern.CASE_INSENSITIVE);

    /** The network an id names, if it is the id of a virtual network. */
    public static Optional<VirtualNetworkId> parse(String id) {
        Matcher m = NETWORK_ID.matcher(id == null ? "" : id);
        return m.matches() ? Optional.of(new VirtualNetworkId(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }

    /** The network and subnet name a subnet id ({@code .../virtualNetworks/{vnet}/subnets/{subnet}}) names. */
    public static Optional<Subnet> parseSubnet(String subnetId) {
        Matcher m = SUBNET_ID.matcher(subnetId == null ? "" : subnetId);
        return m.matches()
                ? Optional.of(new Subnet(new VirtualNetworkId(m.group(1), m.group(2), m.group(3)), m.group(4)))
                : Optional.empty();
    }

    /** A subnet of a virtual network; subnet names are case-insensitive like the rest of the id. */
    public record Subnet(VirtualNetworkId network, String name) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Subnet subnet && network.equals(subnet.network) && name.equalsIgnoreCase(subnet.name);
        }

        @Override
        public int hashCode() {
            return 31 * network.hashCode() + name.toLowerCase(Locale.ROOT).hashCode();
        }

        @Override
        public String toString() {
            return network + "/subnets/" + name;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VirtualNetworkId id && subscriptionId.equalsIgnoreCase(id.subscriptionId)
                && resourceGroup.equalsIgnoreCase(id.resourceGroup) && name.equalsIgnoreCase(id.name);
    }

    @Override
    public int hashCode() {
        return toString().toLowerCase(Locale.ROOT).hashCode();
    }

    @Override
    public String toString() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.Network/virtualNetworks/" + name;
    }
}
