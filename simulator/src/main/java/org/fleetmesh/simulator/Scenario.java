package org.fleetmesh.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
  * A set of simulated AKS clusters and the virtual networks they sit in, read from a JSON file; what a newcomer's
  * first run meshes. Every cluster is in one subscription and resource group; a cluster states only how it differs
  * from one that can mesh. {@code blockedPort2379} lists pairs of cluster names between which an NSG drops TCP 2379
  * (optional).
  */
public record Scenario(String subscriptionId, String resourceGroup, List<Network> virtualNetworks,
        List<List<String>> peerings, List<Cluster> clusters, List<List<String>> blockedPort2379) {

    /**
      * The scenario a plain local run starts with: 4 clusters that can mesh (one on Cilium 1.17, the others on 1.18) and
      * 3 that cannot (no ACNS, overlay, Kubernetes 1.31 with Cilium 1.16), in two peered VNets.
      */
    public static final String DEFAULT = "scenarios/default.json";

    /** A virtual network: its address space and its subnets (name to prefix). */
    public record Network(String name, String location, List<String> addressPrefixes, Map<String, String> subnets) {
    }

    /**
      * A cluster: where it runs and its pod address space; {@code acns} false, {@code networkPluginMode} "overlay" or
      * a {@code ciliumVersion} the service does not support make one that cannot mesh.
      */
    public record Cluster(String name, String location, String network, String nodeSubnet, String podSubnet,
            String podCidr, Boolean acns, String networkPluginMode, String kubernetesVersion, String ciliumVersion) {
    }

    public static Scenario load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Scenario builtIn(String resource) {
        try (InputStream in = Scenario.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No scenario " + resource);
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Scenario read(InputStream in) {
        return JsonMapper.builder().build().readValue(in, Scenario.class);
    }

    /** Registers every network, peering and cluster with the simulated Azure; returns the clusters' resource ids. */
    public List<String> applyTo(SimulatedAzure azure) {
        virtualNetworks.forEach(network -> azure.addVirtualNetwork(new SimulatedVirtualNetworkSpec(networkId(network.name()),
                network.location(), network.addressPrefixes(), network.subnets())));
        peerings.forEach(pair -> azure.peer(networkId(pair.get(0)), networkId(pair.get(1))));
        List<String> ids = clusters.stream().map(cluster -> azure.addCluster(spec(cluster)).resourceId()).toList();
        if (blockedPort2379 != null) {
            blockedPort2379.forEach(pair -> azure.blockPort2379(clusterId(pair.get(0)), clusterId(pair.get(1))));
        }
        return ids;
    }

    private String clusterId(String name) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.ContainerService/managedClusters/" + name;
    }

    private SimulatedClusterSpec spec(Cluster cluster) {
        String id = clusterId(cluster.name());
        SimulatedClusterSpec.Builder spec = SimulatedClusterSpec.meshable(id, cluster.podCidr()).toBuilder()
                .location(cluster.location())
                .nodeSubnetId(networkId(cluster.network()) + "/subnets/" + cluster.nodeSubnet())
                .podSubnetId(cluster.podSubnet() == null ? null : networkId(cluster.network()) + "/subnets/" + cluster.podSubnet())
                .networkPluginMode(cluster.networkPluginMode());
        if (cluster.acns() != null) {
            spec.advancedNetworkingEnabled(cluster.acns());
        }
        if (cluster.kubernetesVersion() != null) {
            spec.kubernetesVersion(cluster.kubernetesVersion());
        }
        if (cluster.ciliumVersion() != null) {
            spec.ciliumVersion(cluster.ciliumVersion());
        }
        return spec.build();
    }

    private String networkId(String name) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.Network/virtualNetworks/" + name;
    }
}
