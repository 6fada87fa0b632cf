package org.fleetmesh.rp.mesh.checks.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetmesh.rp.mesh.checks.domain.MeshFixtures.cluster;
import static org.fleetmesh.rp.mesh.checks.domain.MeshFixtures.network;
import static org.fleetmesh.rp.mesh.checks.domain.MeshFixtures.withNetwork;
import static org.fleetmesh.rp.mesh.checks.domain.MeshFixtures.withState;
import static org.fleetmesh.rp.mesh.checks.domain.PeeringGraphTest.vnet;

import java.util.List;
import org.fleetmesh.rp.member.domain.AksCluster;
import org.fleetmesh.rp.mesh.domain.CiliumAgents;
import org.junit.jupiter.api.Test;

class CiliumVersionCheckTest {

    private static final VirtualNetworkId SHARED = vnet("shared");
    private static final List<VirtualNetwork> NETWORK = List.of(network(SHARED, List.of(), "nodes", "10.0.0.0/16",
            "pods-a", "10.1.0.0/16", "pods-b", "10.2.0.0/16"));
    private static final String AKS_REGISTRY = "mcr.microsoft.com/containernetworking/cilium/";

    private static CheckResult versionCheckOf(AksCluster cluster, CiliumAgents agents) {
        PrerequisiteReport report = MeshPrerequisites.check(List.of(new SelectedMember(cluster.name(), false, cluster, null, agents)),
                NETWORK);
        return report.memberResults().get(cluster.name()).stream()
                .filter(result -> result.code() == CheckCode.CiliumVersionUnsupported).findFirst().orElseThrow();
    }

    private static CheckResult versionCheckOf(String image) {
        return versionCheckOf(cluster("a", SHARED), new CiliumAgents(image, null, true));
    }

    @Test
    void aMemberOnCilium117Or118PassesAndHearsWhichChartItGets() {
        CheckResult on117 = versionCheckOf(AKS_REGISTRY + "cilium:v1.17.7-250927");
        assertThat(on117.passed()).isTrue();
        assertThat(on117.message()).isEqualTo("Member 'a' (cluster 'a') runs Cilium 1.17.7; the service deploys the "
                + "ClusterMesh configuration of Cilium 1.17.18 to it.");
        CheckResult on118 = versionCheckOf(AKS_REGISTRY + "cilium-distroless:1.18.2");
        assertThat(on118.passed()).isTrue();
        assertThat(on118.message()).contains("runs Cilium 1.18.2", "of Cilium 1.18.6");
    }

    @Test
    void anOlderCiliumFailsTheMemberWithAnUpgradePath() {
        CheckResult result = versionCheckOf(AKS_REGISTRY + "cilium:v1.16.6");
        assertThat(result.passed()).isFalse();
        assertThat(result.message()).isEqualTo("Member 'a' (cluster 'a') runs Cilium 1.16.6, older than the 1.17 and 1.18 "
                + "whose ClusterMesh configuration this service deploys.");
        assertThat(result.remediation()).startsWith("AKS moves to a newer Cilium with a newer Kubernetes version: list them "
                + "with az aks get-upgrades --subscription 00000000-0000-0000-0000-000000000001 -g rg-a -n a --output table");
        assertThat(result.target()).endsWith("/managedClusters/a");
    }

    @Test
    void aNewerCiliumFailsTheMemberUntilTheServiceSupportsIt() {
        CheckResult result = versionCheckOf(AKS_REGISTRY + "cilium-distroless:v1.19.0");
        assertThat(result.passed()).isFalse();
        assertThat(result.message()).contains("runs Cilium 1.19.0, newer than the 1.17 and 1.18");
        assertThat(result.remediation()).contains("until the service supports Cilium 1.19");
    }

    @Test
    void anImageWithoutAVersionTagOrNoAgentsAtAllFailTheMember() {
        CheckResult digestOnly = versionCheckOf(AKS_REGISTRY + "cilium-distroless@sha256:" + "ab".repeat(32));
        assertThat(digestOnly.passed()).isFalse();
        assertThat(digestOnly.message()).contains("whose tag names no Cilium version");
        CheckResult none = versionCheckOf(cluster("a", SHARED), null);
        assertThat(none.passed()).isFalse();
        assertThat(none.message()).contains("has the Cilium dataplane but no cilium DaemonSet in kube-system");
    }

    @Test
    void aClusterThatDoesNotRunCiliumIsJudgedByItsDataplaneAndPowerStateNotItsVersion() {
        AksCluster azureDataplane = withNetwork(cluster("a", SHARED), "azure", null, "azure", true, null);
        AksCluster stopped = withState(cluster("b", SHARED), "1.33.2", "Succeeded", "Stopped");
        PrerequisiteReport report = MeshPrerequisites.check(List.of(new SelectedMember("a", false, azureDataplane, null, null),
                new SelectedMember("b", false, stopped, null, null)), NETWORK);
        assertThat(report.memberResults().get("a")).extracting(CheckResult::code)
                .contains(CheckCode.CiliumDataplaneRequired).doesNotContain(CheckCode.CiliumVersionUnsupported);
        assertThat(report.memberResults().get("b")).extracting(CheckResult::code)
                .contains(CheckCode.ClusterNotRunning).doesNotContain(CheckCode.CiliumVersionUnsupported);
    }
}
