package org.fleetmesh.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders the JSON bodies ARM and Entra ID answer with, in their published shapes. */
final class ArmDocuments {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private ArmDocuments() {
    }

    static String error(String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return JSON.writeValueAsString(body);
    }

    static String managedCluster(SimulatedClusterSpec spec) {
        ObjectNode cluster = JSON.createObjectNode();
        cluster.put("id", spec.resourceId());
        cluster.put("name", spec.name());
        cluster.put("type", "Microsoft.ContainerService/managedClusters");
        cluster.put("location", spec.location());
        cluster.put("eTag", Integer.toHexString(spec.hashCode()));
        cluster.putObject("sku").put("name", "Base").put("tier", "Standard");
        ObjectNode identity = cluster.putObject("identity");
        identity.put("type", "SystemAssigned");
        identity.put("principalId", stableUuid("principal", spec.resourceId()));
        identity.put("tenantId", spec.aadTenantId());

        ObjectNode properties = cluster.putObject("properties");
        properties.put("provisioningState", spec.provisioningState());
        properties.putObject("powerState").put("code", spec.powerState().name());
        properties.put("kubernetesVersion", spec.kubernetesVersion());
        properties.put("currentKubernetesVersion", spec.kubernetesVersion());
        properties.put("dnsPrefix", spec.name() + "-dns");
        properties.put("fqdn", fqdn(spec));
        properties.put("azurePortalFQDN", fqdn(spec).replace(".hcp.", ".portal.hcp."));
        properties.put("enableRBAC", true);
        properties.put("nodeResourceGroup", "MC_" + spec.resourceGroup() + "_" + spec.name() + "_" + spec.location());
        properties.put("disableLocalAccounts", spec.localAccountsDisabled());
        if (spec.aad()) {
            properties.putObject("aadProfile")
                    .put("managed", true)
                    .put("enableAzureRBAC", true)
                    .put("tenantID", spec.aadTenantId());
        }
        properties.set("agentPoolProfiles", JSON.createArrayNode().add(systemPool(spec)));
        properties.set("networkProfile", networkProfile(spec));
        return JSON.writeValueAsString(cluster);
    }

    static String credentialResults(String kubeconfigName, String kubeconfig) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("kubeconfigs").addObject()
                .put("name", kubeconfigName)
                .put("value", Base64.getEncoder().encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8)));
        return JSON.writeValueAsString(body);
    }

    /** A peering from one network's side: its name, the remote network and the state this side reports. */
    record Peering(String name, String remoteNetworkId, List<String> remoteAddressPrefixes,
            SimulatedVirtualNetworkSpec.PeeringState state) {
    }

    static String virtualNetwork(SimulatedVirtualNetworkSpec network, List<Peering> peerings) {
        ObjectNode vnet = JSON.createObjectNode();
        vnet.put("id", network.resourceId());
        vnet.put("name", ArmResourceId.parse(network.resourceId()).name());
        vnet.put("type", "Microsoft.Network/virtualNetworks");
        vnet.put("location", network.location());
        vnet.put("etag", etag(network.resourceId()));
        ObjectNode properties = vnet.putObject("properties");
        properties.put("provisioningState", "Succeeded");
        properties.put("resourceGuid", stableUuid("vnet", network.resourceId()));
        addressSpace(properties.putObject("addressSpace"), network.addressPrefixes());
        ArrayNode subnets = properties.putArray("subnets");
        network.subnets().forEach((name, prefix) -> subnets.add(subnetNode(network, name, prefix)));
        ArrayNode peeringNodes = properties.putArray("virtualNetworkPeerings");
        peerings.forEach(peering -> peeringNodes.add(peeringNode(network, peering)));
        properties.put("enableDdosProtection", false);
        return JSON.writeValueAsString(vnet);
    }

    static String subnet(SimulatedVirtualNetworkSpec network, String subnetName) {
        return JSON.writeValueAsString(subnetNode(network, subnetName, network.subnets().get(subnetName)));
    }

    static String accessToken(String tenant, String clientId, String scope, long issuedAtEpochSecond) {
        ObjectNode token = JSON.createObjectNode();
        token.put("token_type", "Bearer");
        token.put("expires_in", 3599);
        token.put("ext_expires_in", 3599);
        token.put("access_token", jwt(tenant, clientId, scope, issuedAtEpochSecond));
        return JSON.writeValueAsString(token);
    }

    /** The object id Entra ID would give the service principal of {@code clientId}; stable so messages are too. */
    static String objectIdOf(String clientId) {
        return stableUuid("object", clientId);
    }

    private static ObjectNode systemPool(SimulatedClusterSpec spec) {
        ObjectNode pool = JSON.createObjectNode();
        pool.put("name", "nodepool1");
        pool.put("count", spec.nodeCount());
        pool.put("vmSize", spec.vmSize());
        pool.put("maxPods", 110);
        pool.put("type", "VirtualMachineScaleSets");
        pool.put("mode", "System");
        pool.put("osType", "Linux");
        pool.put("osSKU", "Ubuntu");
        pool.put("orchestratorVersion", spec.kubernetesVersion());
        pool.put("currentOrchestratorVersion", spec.kubernetesVersion());
        pool.put("provisioningState", spec.provisioningState());
        pool.putObject("powerState").put("code", spec.powerState().name());
        pool.put("vnetSubnetID", spec.nodeSubnetId());
        if (spec.podSubnetId() != null) {
            pool.put("podSubnetID", spec.podSubnetId());
        }
        return pool;
    }

    private static ObjectNode networkProfile(SimulatedClusterSpec spec) {
        ObjectNode network = JSON.createObjectNode();
        network.put("networkPlugin", spec.networkPlugin());
        if (spec.networkPluginMode() != null) {
            network.put("networkPluginMode", spec.networkPluginMode());
        }
        network.put("networkDataplane", spec.networkDataplane());
        network.put("networkPolicy", spec.networkPolicy());
        if (!spec.podCidrs().isEmpty()) {
            network.put("podCidr", spec.podCidrs().get(0));
            addStrings(network.putArray("podCidrs"), spec.podCidrs());
        }
        if (!spec.serviceCidrs().isEmpty()) {
            network.put("serviceCidr", spec.serviceCidrs().get(0));
            addStrings(network.putArray("serviceCidrs"), spec.serviceCidrs());
            network.put("dnsServiceIP", tenthAddress(spec.serviceCidrs().get(0)));
        }
        network.putArray("ipFamilies").add("IPv4");
        network.put("loadBalancerSku", "standard");
        network.put("outboundType", "loadBalancer");
        ObjectNode advanced = network.putObject("advancedNetworking");
        advanced.put("enabled", spec.advancedNetworkingEnabled());
        advanced.putObject("observability").put("enabled", spec.advancedNetworkingEnabled());
        ObjectNode security = advanced.putObject("security");
        security.put("enabled", spec.advancedNetworkingEnabled());
        if (spec.advancedNetworkingEnabled()) {
            security.put("advancedNetworkPolicies", "FQDN");
        }
        if (spec.transitEncryption() != null) {
            // ARM leaves the setting out for clusters created before it existed; null simulates those.
            security.putObject("transitEncryption").put("type", spec.transitEncryption());
        }
        return network;
    }

    private static ObjectNode subnetNode(SimulatedVirtualNetworkSpec network, String name, String prefix) {
        ObjectNode subnet = JSON.createObjectNode();
        subnet.put("id", network.subnetId(name));
        subnet.put("name", name);
        subnet.put("type", "Microsoft.Network/virtualNetworks/subnets");
        subnet.put("etag", etag(network.subnetId(name)));
        subnet.putObject("properties")
                .put("addressPrefix", prefix)
                .put("provisioningState", "Succeeded")
                .put("privateEndpointNetworkPolicies", "Disabled")
                .put("privateLinkServiceNetworkPolicies", "Enabled");
        return subnet;
    }

    private static ObjectNode peeringNode(SimulatedVirtualNetworkSpec network, Peering peering) {
        String id = network.resourceId() + "/virtualNetworkPeerings/" + peering.name();
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("name", peering.name());
        node.put("type", "Microsoft.Network/virtualNetworks/virtualNetworkPeerings");
        node.put("etag", etag(id));
        ObjectNode properties = node.putObject("properties");
        properties.put("provisioningState", "Succeeded");
        properties.put("peeringState", peering.state().name());
        properties.put("peeringSyncLevel",
                peering.state() == SimulatedVirtualNetworkSpec.PeeringState.Connected ? "FullyInSync" : "RemoteNotInSync");
        properties.putObject("remoteVirtualNetwork").put("id", peering.remoteNetworkId());
        addressSpace(properties.putObject("remoteAddressSpace"), peering.remoteAddressPrefixes());
        properties.put("allowVirtualNetworkAccess", true);
        properties.put("allowForwardedTraffic", false);
        properties.put("allowGatewayTransit", false);
        properties.put("useRemoteGateways", false);
        return node;
    }

    private static void addressSpace(ObjectNode node, List<String> prefixes) {
        addStrings(node.putArray("addressPrefixes"), prefixes);
    }

    private static void addStrings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String jwt(String tenant, String clientId, String scope, long issuedAt) {
        String objectId = objectIdOf(clientId);
        Map<String, Object> header = Map.of("typ", "JWT", "alg", "RS256", "kid", "simulated-azure");
        Map<String, Object> claims = Map.ofEntries(
                Map.entry("aud", scope.replace("/.default", "")),
                Map.entry("iss", "https://sts.windows.net/" + tenant + "/"),
                Map.entry("iat", issuedAt),
                Map.entry("nbf", issuedAt),
                Map.entry("exp", issuedAt + 3599),
                Map.entry("appid", clientId),
                Map.entry("idtyp", "app"),
                Map.entry("oid", objectId),
                Map.entry("sub", objectId),
                Map.entry("tid", tenant),
                Map.entry("ver", "1.0"));
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        // Nobody verifies the signature; it only has to look like one.
        String signature = encoder.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
        return encoder.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + encoder.encodeToString(JSON.writeValueAsBytes(claims)) + "." + signature;
    }

    private static String fqdn(SimulatedClusterSpec spec) {
        String suffix = stableUuid("fqdn", spec.resourceId()).substring(0, 8);
        return spec.name().toLowerCase(Locale.ROOT) + "-dns-" + suffix + ".hcp." + spec.location() + ".azmk8s.io";
    }

    /** The service CIDR's tenth address, which AKS uses for CoreDNS by default (10.0.0.10 for 10.0.0.0/16). */
    private static String tenthAddress(String cidr) {
        String network = cidr.substring(0, cidr.indexOf('/'));
        return network.substring(0, network.lastIndexOf('.')) + ".10";
    }

    private static String etag(String resourceId) {
        return "W/\"" + stableUuid("etag", resourceId) + "\"";
    }

    private static String stableUuid(String purpose, String value) {
        return UUID.nameUUIDFromBytes((purpose + ":" + value.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
