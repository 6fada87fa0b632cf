package org.fleetmesh.simulator;

import java.util.List;

/**
  * What a simulated AKS managed cluster reports through ARM; immutable, changed through {@link #toBuilder()}.
  *
  * <p>{@link #meshable(String, String)} gives a cluster that meets every ClusterMesh prerequisite: Azure CNI with a
  * pod subnet (no overlay), the Cilium dataplane and policy engine, ACNS on, a supported Kubernetes version, running.
  *
  * @param resourceId the ARM id {@code /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{n}}
  * @param networkPluginMode {@code "overlay"}, or {@code null} to omit it as ARM does for pod-subnet and node-subnet clusters
  * @param podSubnetId {@code null} to omit {@code podSubnetID} from the agent pool, as for node-subnet clusters
  * @param localAccountsDisabled whether ARM refuses static (admin) credentials, as with {@code --disable-local-accounts}
  * @param ciliumVersion the Cilium release of the cluster's agents ({@code 1.18.6}), which its {@code cilium} DaemonSet's
  *        image tag shows; used when the dataplane is Cilium
  */
public record SimulatedClusterSpec(
        String resourceId,
        String location,
        String kubernetesVersion,
        String provisioningState,
        PowerState powerState,
        String networkPlugin,
        String networkPluginMode,
        String networkDataplane,
        String networkPolicy,
        List<String> podCidrs,
        List<String> serviceCidrs,
        boolean advancedNetworkingEnabled,
        String transitEncryption,
        boolean aad,
        boolean localAccountsDisabled,
        String aadTenantId,
        String nodeSubnetId,
        String podSubnetId,
        int nodeCount,
        String vmSize,
        String ciliumVersion) {

    /** The tenant that AAD-enabled simulated clusters name in their {@code aadProfile}. */
    public static final String DEFAULT_TENANT_ID = "00000000-0000-0000-0000-00000000feed";

    /** The cluster's power state as ARM spells it in {@code properties.powerState.code}. */
    public enum PowerState {
        Running,
        Stopped
    }

    public SimulatedClusterSpec {
        ArmResourceId.parse(resourceId, "Microsoft.ContainerService", "managedClusters");
        podCidrs = List.copyOf(podCidrs);
        serviceCidrs = List.copyOf(serviceCidrs);
    }

    /**
      * A running cluster that can join a mesh, with pods drawn from {@code podCidr}; its node and pod subnets are in a
      * VNet named {@code <resource group>-vnet} that every meshable cluster of the resource group shares (so
      * they reach each other), in subnets {@code <cluster>-nodes} and {@code <cluster>-pods}.
      */
    public static SimulatedClusterSpec meshable(String resourceId, String podCidr) {
        ArmResourceId id = ArmResourceId.parse(resourceId, "Microsoft.ContainerService", "managedClusters");
        String vnetId =
                new ArmResourceId(id.subscriptionId(), id.resourceGroup(), "Microsoft.Network", "virtualNetworks",
                        id.resourceGroup() + "-vnet").toString();
        return new SimulatedClusterSpec(
                resourceId,
                "eastus",
                "1.33.2",
                "Succeeded",
                PowerState.Running,
                "azure",
                null,
                "cilium",
                "cilium",
                List.of(podCidr),
                List.of("10.0.0.0/16"),
                true,
                "None",
                false,
                false,
                DEFAULT_TENANT_ID,
                vnetId + "/subnets/" + id.name() + "-nodes",
                vnetId + "/subnets/" + id.name() + "-pods",
                3,
                "Standard_D4ds_v5",
                "1.18.6");
    }

    /** The cluster's name, the last segment of its resource id. */
    public String name() {
        return ArmResourceId.parse(resourceId).name();
    }

    /** The cluster's resource group. */
    public String resourceGroup() {
        return ArmResourceId.parse(resourceId).resourceGroup();
    }

    /** The cluster's subscription. */
    public String subscriptionId() {
        return ArmResourceId.parse(resourceId).subscriptionId();
    }

    /** A builder that starts from this spec, for changing a few fields. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a changed copy of a {@link SimulatedClusterSpec}; the resource id stays fixed. */
    public static final class Builder {
        private final String resourceId;
        private String location;
        private String kubernetesVersion;
        private String provisioningState;
        private PowerState powerState;
        private String networkPlugin;
        private String networkPluginMode;
        private String networkDataplane;
        private String networkPolicy;
        private List<String> podCidrs;
        private List<String> serviceCidrs;
        private boolean advancedNetworkingEnabled;
        private String transitEncryption;
        private boolean aad;
        private boolean localAccountsDisabled;
        private String aadTenantId;
        private String nodeSubnetId;
        private String podSubnetId;
        private int nodeCount;
        private String vmSize;
        private String ciliumVersion;

        private Builder(SimulatedClusterSpec spec) {
            resourceId = spec.resourceId;
            location = spec.location;
            kubernetesVersion = spec.kubernetesVersion;
            provisioningState = spec.provisioningState;
            powerState = spec.powerState;
            networkPlugin = spec.networkPlugin;
            networkPluginMode = spec.networkPluginMode;
            networkDataplane = spec.networkDataplane;
            networkPolicy = spec.networkPolicy;
            podCidrs = spec.podCidrs;
            serviceCidrs = spec.serviceCidrs;
            advancedNetworkingEnabled = spec.advancedNetworkingEnabled;
            transitEncryption = spec.transitEncryption;
            aad = spec.aad;
            localAccountsDisabled = spec.localAccountsDisabled;
            aadTenantId = spec.aadTenantId;
            nodeSubnetId = spec.nodeSubnetId;
            podSubnetId = spec.podSubnetId;
            nodeCount = spec.nodeCount;
            vmSize = spec.vmSize;
            ciliumVersion = spec.ciliumVersion;
        }

        public Builder location(String value) {
            location = value;
            return this;
        }

        public Builder kubernetesVersion(String value) {
            kubernetesVersion = value;
            return this;
        }

        public Builder provisioningState(String value) {
            provisioningState = value;
            return this;
        }

        public Builder powerState(PowerState value) {
            powerState = value;
            return this;
        }

        public Builder networkPlugin(String value) {
            networkPlugin = value;
            return this;
        }

        /** {@code "overlay"}, or {@code null} for pod-subnet and node-subnet clusters. */
        public Builder networkPluginMode(String value) {
            networkPluginMode = value;
            return this;
        }

        public Builder networkDataplane(String value) {
            networkDataplane = value;
            return this;
        }

        public Builder networkPolicy(String value) {
            networkPolicy = value;
            return this;
        }

        public Builder podCidrs(List<String> value) {
            podCidrs = value;
            return this;
        }

        public Builder serviceCidrs(List<String> value) {
            serviceCidrs = value;
            return this;
        }

        /** Advanced Container Networking Services; its observability and security features follow this switch. */
        public Builder advancedNetworkingEnabled(boolean value) {
            advancedNetworkingEnabled = value;
            return this;
        }

        /** {@code "None"} or {@code "WireGuard"}. */
        public Builder transitEncryption(String value) {
            transitEncryption = value;
            return this;
        }

        /** AKS-managed Entra ID with Azure RBAC. */
        public Builder aad(boolean value) {
            aad = value;
            return this;
        }

        public Builder localAccountsDisabled(boolean value) {
            localAccountsDisabled = value;
            return this;
        }

        public Builder aadTenantId(String value) {
            aadTenantId = value;
            return this;
        }

        public Builder nodeSubnetId(String value) {
            nodeSubnetId = value;
            return this;
        }

        /** {@code null} for node-subnet clusters. */
        public Builder podSubnetId(String value) {
            podSubnetId = value;
            return this;
        }

        public Builder nodeCount(int value) {
            nodeCount = value;
            return this;
        }

        public Builder vmSize(String value) {
            vmSize = value;
            return this;
        }

        /** The Cilium release of the agents, {@code major.minor.patch}. */
        public Builder ciliumVersion(String value) {
            ciliumVersion = value;
            return this;
        }

        public SimulatedClusterSpec build() {
            return new SimulatedClusterSpec(resourceId, location, kubernetesVersion, provisioningState, powerState,
                    networkPlugin, networkPluginMode, networkDataplane, networkPolicy, podCidrs, serviceCidrs,
                    advancedNetworkingEnabled, transitEncryption, aad, localAccountsDisabled, aadTenantId, nodeSubnetId,
                    podSubnetId, nodeCount, vmSize, ciliumVersion);
        }
    }
}
