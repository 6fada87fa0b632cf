package org.fleetmesh.rp.mesh.checks.domain;

import org.fleetmesh.rp.mesh.domain.CiliumVersion;

/**
 * The prerequisites a member must meet to join a cluster mesh. The constant names are the stable codes clients
 * see; each states its requirement, which a passing result repeats.
 */
public enum CheckCode {
    CiliumDataplaneRequired("The cluster uses Azure CNI powered by Cilium (networkPlugin 'azure', networkDataplane 'cilium')."),
    AcnsRequired("Advanced Container Networking Services are enabled (networkProfile.advancedNetworking.enabled)."),
    CiliumVersionUnsupported("The cluster runs Cilium " + CiliumVersion.SUPPORTED_MINORS + " (the image of the cilium "
            + "DaemonSet in kube-system), whose official charts the service follows."),
    KubernetesVersionUnreadable("The cluster reports a Kubernetes version of the form major.minor.patch."),
    KubernetesVersionTooOld("The cluster runs Kubernetes " + MeshLimits.MINIMUM_KUBERNETES_VERSION_TEXT + " or later."),
    OverlayNotSupported("Pods get routable IPs from the network (pod subnet or node subnet), not from an Azure CNI overlay."),
    ManagedVirtualNetwork("Every agent pool is in a subnet of a customer virtual network, which can be peered."),
    NetworkNotPeered("The cluster's virtual network is every other member's network, or peered with it, Connected both ways."),
    PodCidrOverlap("The cluster's pod address space shares no address with another member's, IPv4 or IPv6."),
    TransitEncryptionMismatch("The cluster has the same transit encryption setting as the rest of the mesh."),
    ClusterNotSucceeded("The cluster's provisioning state is Succeeded."),
    ClusterNotRunning("The cluster's power state is Running."),
    TooManyMembers("The profile selects at most " + MeshLimits.MAX_MEMBERS + " members."),
    MemberInAnotherMesh("The member is in no other cluster mesh.");

    private final String requirement;

    CheckCode(String requirement) {
        this.requirement = requirement;
    }

    public String requirement() {
        return requirement;
    }
}
