package org.fleetmesh.rp.mesh.checks.domain;

import org.fleetmesh.rp.arm.domain.ResourceIds;
import org.fleetmesh.rp.member.domain.AksCluster;

/** A selected member with what the checks derive from it once: its network and the CLI arguments naming its cluster. */
record CheckedMember(SelectedMember member, ClusterNetwork network, ResourceIds.ManagedCluster clusterId) {

    static CheckedMember of(SelectedMember member, ClusterNetwork network) {
        String id = member.cluster().resourceId();
        return new CheckedMember(member, network, ResourceIds.managedCluster(id)
                .orElseThrow(() -> new IllegalArgumentException("not an AKS cluster id: " + id)));
    }

    String name() {
        return member.name();
    }

    AksCluster cluster() {
        return member.cluster();
    }

    boolean inAnotherMesh() {
        return member.otherMeshProfile() != null;
    }

    /** How messages name the member: by member name, and by cluster name, which {@code az} commands take. */
    String subject() {
        return "Member '" + member.name() + "' (cluster '" + member.cluster().name() + "')";
    }

    String target() {
        return member.cluster().resourceId();
    }

    /** {@code az aks ...} arguments naming the cluster. */
    String clusterArgs() {
        return "--subscription " + clusterId.subscriptionId() + " -g " + clusterId.resourceGroup() + " -n " + clusterId.name();
    }

    /** {@code az aks nodepool ...} arguments naming the cluster. */
    String nodePoolArgs() {
        return "--subscription " + clusterId.subscriptionId() + " -g " + clusterId.resourceGroup()
                + " --cluster-name " + clusterId.name();
    }

    /**
     * How to get a cluster onto a flat network, for settings AKS cannot change in place (overlay, network plugin,
     * AKS-managed network): a new cluster on a customer network with a pod subnet.
     */
    String recreateOnPodSubnet() {
        return "Create a cluster on a virtual network of yours with a pod subnet and move the workloads to it: az aks create"
                + " --subscription " + clusterId.subscriptionId() + " -g " + clusterId.resourceGroup()
                + " -n <new cluster name> --network-plugin azure --network-dataplane cilium --vnet-subnet-id <node subnet id>"
                + " --pod-subnet-id <pod subnet id> --enable-acns --kubernetes-version "
                + MeshLimits.MINIMUM_KUBERNETES_VERSION_TEXT;
    }
}
