package org.fleetmesh.rp.mesh.checks.domain;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.fleetmesh.rp.member.domain.AksCluster;
import org.fleetmesh.rp.mesh.domain.CiliumAgents;
import org.fleetmesh.rp.mesh.domain.CiliumVersion;

/** The checks that look at one member alone; each runs whatever the others find, so every failure is reported. */
final class MemberChecks {

    static final List<Function<CheckedMember, CheckResult>> ALL = List.of(
            MemberChecks::ciliumDataplane,
            MemberChecks::acns,
            MemberChecks::kubernetesVersion,
            MemberChecks::noOverlay,
            MemberChecks::customNetwork,
            MemberChecks::provisioningSucceeded,
            MemberChecks::running,
            MemberChecks::inNoOtherMesh);

    private static final String ABSENT = "(not set)";

    static CheckResult ciliumDataplane(CheckedMember m) {
        String plugin = network(m).map(AksCluster.Network::plugin).orElse(null);
        String dataplane = network(m).map(AksCluster.Network::dataplane).orElse(null);
        if ("azure".equalsIgnoreCase(plugin) && "cilium".equalsIgnoreCase(dataplane)) {
            return pass(CheckCode.CiliumDataplaneRequired, m);
        }
        // Azure CNI switches its dataplane in place; kubenet and bring-your-own CNI only migrate to overlay, which fails too.
        String remediation = "azure".equalsIgnoreCase(plugin)
                ? "az aks update " + m.clusterArgs() + " --network-dataplane cilium"
                : m.recreateOnPodSubnet();
        return CheckResult.failed(CheckCode.CiliumDataplaneRequired, m.subject() + " uses networkPlugin '" + orAbsent(plugin)
                + "' with networkDataplane '" + orAbsent(dataplane) + "'; a cluster mesh needs Azure CNI powered by Cilium "
                + "(networkPlugin 'azure', networkDataplane 'cilium').", m.target(), remediation);
    }

    /** For a cluster that {@link MeshPrerequisites#runsCiliumAgents runs Cilium}: its release is one the service follows. */
    static CheckResult ciliumVersion(CheckedMember m) {
        CiliumAgents agents = m.member().agents();
        if (agents == null) {
            return CheckResult.failed(CheckCode.CiliumVersionUnsupported, m.subject() + " has the Cilium dataplane but no "
                    + "cilium DaemonSet in kube-system, so the Cilium it runs cannot be told.", m.target(),
                    "Let AKS restore its Cilium agents: az aks update " + m.clusterArgs() + "; then check them with kubectl "
                            + "-n kube-system get daemonset cilium and apply again.");
        }
        Optional<CiliumVersion> version = agents.version();
        if (version.isEmpty()) {
            return CheckResult.failed(CheckCode.CiliumVersionUnsupported, m.subject() + " runs Cilium agent image '"
                    + orAbsent(agents.image()) + "', whose tag names no Cilium version.", m.target(),
                    "Let AKS restore its Cilium agents (az aks update " + m.clusterArgs() + "), or give the cilium DaemonSet "
                            + "an image tagged with its version, then apply again.");
        }
        if (version.get().supportedRelease().isPresent()) {
            // The version read is what whatIf shows per member, so a pass says it.
            return new CheckResult(CheckCode.CiliumVersionUnsupported, true, m.subject() + " runs Cilium " + version.get()
                    + "; the service deploys the ClusterMesh configuration of Cilium " + version.get().supportedRelease()
                    .orElseThrow() + " to it.", m.target(), null);
        }
        boolean older = !version.get().atLeast(1, 17);
        return CheckResult.failed(CheckCode.CiliumVersionUnsupported, m.subject() + " runs Cilium " + version.get()
                + (older ? ", older than " : ", newer than ") + "the " + CiliumVersion.SUPPORTED_MINORS
                + " whose ClusterMesh configuration this service deploys.", m.target(), older
                ? "AKS moves to a newer Cilium with a newer Kubernetes version: list them with az aks get-upgrades "
                        + m.clusterArgs() + " --output table, upgrade (az aks upgrade " + m.clusterArgs()
                        + " --kubernetes-version <version>) to one that brings Cilium 1.17 or 1.18, then apply again."
                : "Leave this cluster out of the mesh (change the member's labels or the profile's selector) until the "
                        + "service supports Cilium " + version.get().minorText() + ", or mesh a cluster on a Kubernetes "
                        + "version whose Cilium is 1.17 or 1.18.");
    }

    static CheckResult acns(CheckedMember m) {
        if (network(m).map(AksCluster.Network::acnsEnabled).orElse(false)) {
            return pass(CheckCode.AcnsRequired, m);
        }
        return CheckResult.failed(CheckCode.AcnsRequired, m.subject() + " does not have Advanced Container Networking "
                + "Services enabled (networkProfile.advancedNetworking.enabled); a cluster mesh needs them.", m.target(),
                "az aks update " + m.clusterArgs() + " --enable-acns");
    }

    static CheckResult kubernetesVersion(CheckedMember m) {
        String reported = m.cluster().kubernetesVersion();
        Optional<KubernetesVersion> version = KubernetesVersion.parse(reported);
        if (version.isEmpty()) {
            return CheckResult.failed(CheckCode.KubernetesVersionUnreadable, m.subject() + " reports Kubernetes version '"
                    + orAbsent(reported) + "', which is not major.minor.patch, so whether it is "
                    + MeshLimits.MINIMUM_KUBERNETES_VERSION_TEXT + " or later cannot be told.", m.target(),
                    "Read the version with az aks show " + m.clusterArgs() + " --query currentKubernetesVersion; a cluster "
                            + "mesh needs " + MeshLimits.MINIMUM_KUBERNETES_VERSION_TEXT + " or later.");
        }
        if (version.get().isAtLeast(MeshLimits.MINIMUM_KUBERNETES_VERSION)) {
            return pass(CheckCode.KubernetesVersionTooOld, m);
        }
        return CheckResult.failed(CheckCode.KubernetesVersionTooOld, m.subject() + " runs Kubernetes " + reported
                + "; a cluster mesh needs " + MeshLimits.MINIMUM_KUBERNETES_VERSION_TEXT + " or later.", m.target(),
                "List the versions the cluster can move to with az aks get-upgrades " + m.clusterArgs() + " --output table, "
                        + "then upgrade one minor version at a time until " + MeshLimits.MINIMUM_KUBERNETES_VERSION_TEXT
                        + " or later: az aks upgrade " + m.clusterArgs() + " --kubernetes-version <version>");
    }

    static CheckResult noOverlay(CheckedMember m) {
        String mode = network(m).map(AksCluster.Network::pluginMode).orElse(null);
        if (!"overlay".equalsIgnoreCase(mode)) {
            return pass(CheckCode.OverlayNotSupported, m);
        }
        return CheckResult.failed(CheckCode.OverlayNotSupported, m.subject() + " uses Azure CNI Overlay (networkPluginMode "
                + "'overlay'); a cluster mesh needs a flat network, where pods take routable IPs from a pod subnet or "
                + "the node subnet. AKS cannot move an overlay cluster to a pod subnet.", m.target(), m.recreateOnPodSubnet());
    }

    static CheckResult customNetwork(CheckedMember m) {
        ClusterNetwork network = m.network();
        if (network.onCustomNetworks()) {
            return pass(CheckCode.ManagedVirtualNetwork, m);
        }
        String where = m.cluster().agentPools().isEmpty() ? "reports no agent pool on a subnet of yours"
                : "has agent pools " + network.poolsOnManagedNetwork() + " in the virtual network AKS manages";
        return CheckResult.failed(CheckCode.ManagedVirtualNetwork, m.subject() + " " + where + "; that network cannot be "
                + "peered, so the cluster's pods cannot reach other members.", m.target(), m.recreateOnPodSubnet());
    }

    static CheckResult provisioningSucceeded(CheckedMember m) {
        String state = m.cluster().provisioningState();
        if ("Succeeded".equalsIgnoreCase(state)) {
            return pass(CheckCode.ClusterNotSucceeded, m);
        }
        return CheckResult.failed(CheckCode.ClusterNotSucceeded, m.subject() + " is in provisioning state '"
                + orAbsent(state) + "'; it joins once the state is Succeeded.", m.target(),
                "If an operation is running, wait for it: az aks wait " + m.clusterArgs() + " --updated; if the state is "
                        + "Failed, reconcile the cluster: az aks update " + m.clusterArgs());
    }

    static CheckResult running(CheckedMember m) {
        String state = m.cluster().powerState();
        if ("Running".equalsIgnoreCase(state)) {
            return pass(CheckCode.ClusterNotRunning, m);
        }
        return CheckResult.failed(CheckCode.ClusterNotRunning, m.subject() + " is in power state '" + orAbsent(state)
                + "'; a stopped cluster cannot receive the mesh configuration.", m.target(),
                "az aks start " + m.clusterArgs());
    }

    static CheckResult inNoOtherMesh(CheckedMember m) {
        String other = m.member().otherMeshProfile();
        if (other == null) {
            return pass(CheckCode.MemberInAnotherMesh, m);
        }
        return CheckResult.failed(CheckCode.MemberInAnotherMesh, m.subject() + " is in the cluster mesh of profile '"
                + other + "'; a member can be in one mesh only.", m.target(),
                "Change the member selector of profile '" + other + "' (or the member's labels) so that profile no longer "
                        + "selects member '" + m.name() + "', apply profile '" + other + "', then apply this profile again.");
    }

    static CheckResult pass(CheckCode code, CheckedMember m) {
        return CheckResult.passed(code, m.subject(), m.target());
    }

    private static Optional<AksCluster.Network> network(CheckedMember m) {
        return Optional.ofNullable(m.cluster().network());
    }

    private static String orAbsent(String value) {
        return value == null || value.isBlank() ? ABSENT : value;
    }

    private MemberChecks() {
    }
}
