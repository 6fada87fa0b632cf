package org.fleetmesh.rp.mesh.checks.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetmesh.rp.mesh.checks.domain.MeshFixtures.cluster;
import static org.fleetmesh.rp.mesh.checks.domain.MeshFixtures.network;
import static org.fleetmesh.rp.mesh.checks.domain.MeshFixtures.withEncryption;
import static org.fleetmesh.rp.mesh.checks.domain.MeshFixtures.withNetwork;
import static org.fleetmesh.rp.mesh.checks.domain.MeshFixtures.withPodCidrs;
import static org.fleetmesh.rp.mesh.checks.domain.MeshFixtures.withPools;
import static org.fleetmesh.rp.mesh.checks.domain.MeshFixtures.withState;
import static org.fleetmesh.rp.mesh.checks.domain.PeeringGraphTest.A;
import static org.fleetmesh.rp.mesh.checks.domain.PeeringGraphTest.B;
import static org.fleetmesh.rp.mesh.checks.domain.PeeringGraphTest.C;
import static org.fleetmesh.rp.mesh.checks.domain.PeeringGraphTest.peering;
import static org.fleetmesh.rp.mesh.checks.domain.PeeringGraphTest.vnet;
import static org.fleetmesh.rp.mesh.checks.domain.VirtualNetwork.PeeringState.Connected;
import static org.fleetmesh.rp.mesh.checks.domain.VirtualNetwork.PeeringState.Disconnected;
import static org.fleetmesh.rp.mesh.checks.domain.VirtualNetwork.PeeringState.Initiated;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import org.fleetmesh.rp.member.domain.AksCluster;
import org.fleetmesh.rp.mesh.domain.CiliumAgents;
import org.junit.jupiter.api.Test;

class MeshPrerequisitesTest {

    private static final VirtualNetworkId SHARED = vnet("shared");
    private static final List<VirtualNetwork> SHARED_NETWORK = List.of(network(SHARED, List.of(),
            "nodes", "10.0.0.0/16", "pods-a", "10.1.0.0/16", "pods-b", "10.2.0.0/16", "pods-c", "10.3.0.0/16"));

    /** What AKS runs for Cilium 1.18: the agents' image from Microsoft's registry, never restarted by the service. */
    private static final CiliumAgents AGENTS_1_18 =
            new CiliumAgents("mcr.microsoft.com/containernetworking/cilium/cilium-distroless:v1.18.6", null, true);

    private static SelectedMember joining(AksCluster cluster) {
        return new SelectedMember(cluster.name(), false, cluster, null, AGENTS_1_18);
    }

    private static SelectedMember connected(AksCluster cluster) {
        return new SelectedMember(cluster.name(), true, cluster, null, AGENTS_1_18);
    }

    private static SelectedMember joining(String name) {
        return joining(cluster(name, SHARED));
    }

    private static PrerequisiteReport check(SelectedMember... members) {
        return MeshPrerequisites.check(List.of(members), SHARED_NETWORK);
    }

    private static List<CheckCode> failedCodes(PrerequisiteReport report, String member) {
        return report.failures(member).stream().map(CheckResult::code).toList();
    }

    private static CheckResult onlyFailure(PrerequisiteReport report, String member) {
        assertThat(report.failures(member)).hasSize(1);
        return report.failures(member).get(0);
    }

    @Test
    void healthyMembersPassEveryCheck() {
        PrerequisiteReport report = check(joining("a"), connected(cluster("b", SHARED)));
        assertThat(report.anyFailed()).isFalse();
        assertThat(report.excludedMembers()).isEmpty();
        EnumSet<CheckCode> expected = EnumSet.complementOf(EnumSet.of(CheckCode.KubernetesVersionUnreadable));
        assertThat(report.memberResults().get("a")).extracting(CheckResult::code).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(report.memberResults().get("a")).allSatisfy(result -> {
            assertThat(result.message()).startsWith(result.code() == CheckCode.CiliumVersionUnsupported
                    ? "Member 'a' (cluster 'a') runs Cilium 1.18.6; " : "Member 'a' (cluster 'a'): ");
            assertThat(result.remediation()).isNull();
        });
        assertThat(report.profileResults()).singleElement().satisfies(result -> {
            assertThat(result.code()).isEqualTo(CheckCode.TooManyMembers);
            assertThat(result.passed()).isTrue();
        });
    }

    @Test
    void azureCniWithAnotherDataplaneSwitchesToCiliumInPlace() {
        SelectedMember member = joining(withNetwork(cluster("a", SHARED), "azure", null, "azure", true, null));
        CheckResult failure = onlyFailure(check(member), "a");
        assertThat(failure.code()).isEqualTo(CheckCode.CiliumDataplaneRequired);
        assertThat(failure.message()).contains("cluster 'a'", "networkPlugin 'azure'", "networkDataplane 'azure'");
        assertThat(failure.target()).isEqualTo(member.cluster().resourceId());
        assertThat(failure.remediation()).isEqualTo("az aks update --subscription " + MeshFixtures.SUBSCRIPTION
                + " -g rg-a -n a --network-dataplane cilium");
    }

    @Test
    void kubenetNeedsANewCluster() {
        CheckResult failure = onlyFailure(check(joining(withNetwork(cluster("a", SHARED), "kubenet", null, null, true, null))), "a");
        assertThat(failure.message()).contains("networkPlugin 'kubenet'", "networkDataplane '(not set)'");
        assertThat(failure.remediation()).contains("az aks create", "--network-plugin azure --network-dataplane cilium",
                "--pod-subnet-id");
    }

    @Test
    void acnsMustBeEnabled() {
        CheckResult failure = onlyFailure(check(joining(withNetwork(cluster("a", SHARED), "azure", null, "cilium", false, null))), "a");
        assertThat(failure.code()).isEqualTo(CheckCode.AcnsRequired);
        assertThat(failure.remediation()).endsWith("-g rg-a -n a --enable-acns");
    }

    @Test
    void kubernetesOlderThan132Fails() {
        CheckResult failure = onlyFailure(check(joining(withState(cluster("a", SHARED), "1.31.9", "Succeeded", "Running"))), "a");
        assertThat(failure.code()).isEqualTo(CheckCode.KubernetesVersionTooOld);
        assertThat(failure.message()).contains("1.31.9", "1.32 or later");
        assertThat(failure.remediation()).contains("az aks get-upgrades", "az aks upgrade", "--kubernetes-version");
        assertThat(check(joining(withState(cluster("a", SHARED), "1.32", "Succeeded", "Running"))).anyFailed()).isFalse();
    }

    @Test
    void anUnreadableVersionFailsSayingSo() {
        PrerequisiteReport report = check(joining(withState(cluster("a", SHARED), "latest", "Succeeded", "Running")));
        CheckResult failure = onlyFailure(report, "a");
        assertThat(failure.code()).isEqualTo(CheckCode.KubernetesVersionUnreadable);
        assertThat(failure.message()).contains("'latest'", "not major.minor.patch");
        assertThat(report.memberResults().get("a")).extracting(CheckResult::code).doesNotContain(CheckCode.KubernetesVersionTooOld);
    }

    @Test
    void overlayIsNotAFlatNetwork() {
        CheckResult failure = onlyFailure(check(joining(withNetwork(cluster("a", SHARED), "azure", "overlay", "cilium", true, null))), "a");
        assertThat(failure.code()).isEqualTo(CheckCode.OverlayNotSupported);
        assertThat(failure.remediation()).contains("az aks create", "--pod-subnet-id");
    }

    @Test
    void poolsOnTheAksManagedNetworkCannotBePeered() {
        AksCluster managed = withPools(cluster("a", SHARED), new AksCluster.AgentPool("nodepool1", null, null));
        CheckResult failure = onlyFailure(check(joining(managed), joining("b")), "a");
        assertThat(failure.code()).isEqualTo(CheckCode.ManagedVirtualNetwork);
        assertThat(failure.message()).contains("[nodepool1]", "cannot be peered");
        assertThat(failure.remediation()).contains("virtual network of yours", "--vnet-subnet-id", "--pod-subnet-id");
    }

    @Test
    void theClusterMustHaveSucceededAndBeRunning() {
        PrerequisiteReport report = check(joining(withState(cluster("a", SHARED), "1.33.2", "Failed", "Stopped")));
        assertThat(failedCodes(report, "a")).containsExactly(CheckCode.ClusterNotSucceeded, CheckCode.ClusterNotRunning);
        assertThat(report.failures("a").get(0).remediation()).contains("az aks wait", "--updated", "az aks update");
        assertThat(report.failures("a").get(1).message()).contains("'Stopped'");
        assertThat(report.failures("a").get(1).remediation()).endsWith("az aks start --subscription "
                + MeshFixtures.SUBSCRIPTION + " -g rg-a -n a");
    }

    @Test
    void aMemberOfAnotherMeshIsExcludedNamingTheOtherProfile() {
        SelectedMember elsewhere = new SelectedMember("a", false, cluster("a", SHARED), "mesh-west", AGENTS_1_18);
        PrerequisiteReport report = check(elsewhere, joining("b"));
        CheckResult failure = onlyFailure(report, "a");
        assertThat(failure.code()).isEqualTo(CheckCode.MemberInAnotherMesh);
        assertThat(failure.message()).contains("profile 'mesh-west'");
        assertThat(failure.remediation()).contains("profile 'mesh-west'");
        assertThat(report.excludedMembers()).containsExactly("a");
    }

    @Test
    void everyFailureOfAMemberIsReported() {
        VirtualNetworkId own = vnet("vnet-bad");
        AksCluster bad = withPools(withPodCidrs(withState(withNetwork(cluster("bad", own), "kubenet", "overlay", null, false,
                "WireGuard"), "1.30.0", "Failed", "Stopped"), List.of("10.1.128.0/17")),
                new AksCluster.AgentPool("system", null, null), new AksCluster.AgentPool("user", own + "/subnets/nodes", null));
        PrerequisiteReport report = check(joining(bad), joining("a"), connected(cluster("b", SHARED)));
        assertThat(failedCodes(report, "bad")).containsExactlyInAnyOrder(CheckCode.CiliumDataplaneRequired,
                CheckCode.AcnsRequired, CheckCode.KubernetesVersionTooOld, CheckCode.OverlayNotSupported,
                CheckCode.ManagedVirtualNetwork, CheckCode.ClusterNotSucceeded, CheckCode.ClusterNotRunning,
                CheckCode.TransitEncryptionMismatch, CheckCode.PodCidrOverlap, CheckCode.NetworkNotPeered,
                CheckCode.NetworkNotPeered);
        // Its conflicts are its own: it is excluded anyway, so they cost the healthy members nothing.
        assertThat(report.excludedMembers()).containsExactly("bad");
        assertThat(report.failures("a")).isEmpty();
        assertThat(report.failures("b")).isEmpty();
    }

    @Test
    void aMemberOfAnotherMeshHearsAboutItsOwnFailuresButTakesPartInNoComparison() {
        AksCluster bad = withState(cluster("bad", SHARED), "v1.2", "Creating", "Stopped");
        PrerequisiteReport report = check(new SelectedMember("bad", false, withPodCidrs(bad, List.of("10.1.0.0/16")), "other", AGENTS_1_18),
                joining("a"));
        assertThat(failedCodes(report, "bad")).containsExactly(CheckCode.KubernetesVersionTooOld,
                CheckCode.ClusterNotSucceeded, CheckCode.ClusterNotRunning, CheckCode.MemberInAnotherMesh);
        assertThat(report.memberResults().get("bad")).extracting(CheckResult::code)
                .doesNotContain(CheckCode.PodCidrOverlap, CheckCode.NetworkNotPeered, CheckCode.TransitEncryptionMismatch,
                        CheckCode.TooManyMembers);
        assertThat(report.failures("a")).isEmpty();
    }

    @Test
    void aSelectorTooBroadKeepsConnectedMembersAndAdmitsNoNewOne() {
        List<SelectedMember> members = new ArrayList<>();
        members.add(connected(cluster("c-000", SHARED)));
        IntStream.rangeClosed(1, MeshLimits.MAX_MEMBERS).forEach(i -> members.add(joining(String.format("m-%03d", i))));
        PrerequisiteReport report = MeshPrerequisites.check(members, SHARED_NETWORK);

        assertThat(report.profileResults()).singleElement().satisfies(result -> {
            assertThat(result.passed()).isFalse();
            assertThat(result.message()).contains("256 members", "at most 255");
            assertThat(result.target()).isEqualTo("properties.memberSelector.byLabel");
        });
        assertThat(report.failures("c-000")).isEmpty();
        assertThat(failedCodes(report, "m-001")).containsExactly(CheckCode.TooManyMembers);
        assertThat(report.excludedMembers()).hasSize(MeshLimits.MAX_MEMBERS).doesNotContain("c-000");
    }

    @Test
    void membersOfAnotherMeshDoNotCountTowardsTheLimit() {
        List<SelectedMember> members = new ArrayList<>();
        IntStream.rangeClosed(1, MeshLimits.MAX_MEMBERS).forEach(i -> members.add(joining(String.format("m-%03d", i))));
        members.add(new SelectedMember("elsewhere", false, cluster("elsewhere", SHARED), "other", AGENTS_1_18));
        PrerequisiteReport report = MeshPrerequisites.check(members, SHARED_NETWORK);
        assertThat(report.profileResults().get(0).passed()).isTrue();
        assertThat(report.excludedMembers()).containsExactly("elsewhere");
    }

    @Test
    void theEncryptionOfConnectedMembersWinsOverAMajorityOfNewOnes() {
        PrerequisiteReport report = check(connected(withEncryption(cluster("a", SHARED), "WireGuard")), joining("b"),
                joining("c"));
        assertThat(report.excludedMembers()).containsExactly("b", "c");
        CheckResult failure = onlyFailure(report, "b");
        assertThat(failure.code()).isEqualTo(CheckCode.TransitEncryptionMismatch);
        assertThat(failure.message()).contains("'None'", "'WireGuard'");
        assertThat(failure.remediation()).endsWith("-g rg-b -n b --acns-transit-encryption-type WireGuard");
    }

    @Test
    void withoutConnectedMembersTheMajorityWinsAndATieGoesToEncryption() {
        PrerequisiteReport majority = check(joining(withEncryption(cluster("a", SHARED), "WireGuard")),
                joining(withEncryption(cluster("b", SHARED), "None")), joining("c"));
        assertThat(majority.excludedMembers()).containsExactly("a");
        assertThat(onlyFailure(majority, "a").remediation()).endsWith("--acns-transit-encryption-type None");

        PrerequisiteReport tie = check(joining(withEncryption(cluster("a", SHARED), "WireGuard")), joining("b"));
        assertThat(tie.excludedMembers()).containsExactly("b");
    }

    @Test
    void membersThatFailTheirOwnChecksDoNotVoteOnEncryption() {
        AksCluster stopped = withState(withEncryption(cluster("a", SHARED), "WireGuard"), "1.33.2", "Succeeded", "Stopped");
        PrerequisiteReport report = check(joining(stopped), joining(withEncryption(cluster("b", SHARED), "WireGuard")),
                joining("c"), joining(cluster("d", SHARED)));
        assertThat(report.failures("c")).isEmpty();
        assertThat(failedCodes(report, "b")).containsExactly(CheckCode.TransitEncryptionMismatch);
    }

    @Test
    void anOverlapWithAConnectedMemberExcludesOnlyTheNewcomer() {
        PrerequisiteReport report = check(connected(withPodCidrs(cluster("a", SHARED), List.of("10.244.0.0/16"))),
                joining(withPodCidrs(cluster("b", SHARED), List.of("10.244.128.0/17"))));
        assertThat(report.excludedMembers()).containsExactly("b");
        CheckResult failure = onlyFailure(report, "b");
        assertThat(failure.code()).isEqualTo(CheckCode.PodCidrOverlap);
        assertThat(failure.message()).contains("Member 'b'", "10.244.128.0/17 overlaps 10.244.0.0/16", "Member 'a'");
        assertThat(failure.remediation()).contains("az aks nodepool add", "--cluster-name b", "--pod-subnet-id");
        assertThat(report.failures("a")).isEmpty();
    }

    @Test
    void anOverlapBetweenTwoNewcomersExcludesBoth() {
        PrerequisiteReport report = check(joining(withPodCidrs(cluster("a", SHARED), List.of("10.244.0.0/16"))),
                joining(withPodCidrs(cluster("b", SHARED), List.of("10.244.0.0/16"))), joining("c"));
        assertThat(report.excludedMembers()).containsExactly("a", "b");
        assertThat(onlyFailure(report, "a").message()).contains("Member 'b'");
        assertThat(onlyFailure(report, "b").message()).contains("Member 'a'");
    }

    @Test
    void anOverlapBetweenTwoConnectedMembersIsReportedOnBothAndExcludesNeither() {
        PrerequisiteReport report = check(connected(withPodCidrs(cluster("a", SHARED), List.of("10.244.0.0/16"))),
                connected(withPodCidrs(cluster("b", SHARED), List.of("10.244.0.0/16"))));
        assertThat(report.excludedMembers()).isEmpty();
        assertThat(failedCodes(report, "a")).containsExactly(CheckCode.PodCidrOverlap);
        assertThat(failedCodes(report, "b")).containsExactly(CheckCode.PodCidrOverlap);
    }

    @Test
    void dualStackMembersOverlapOnEitherFamily() {
        PrerequisiteReport report = check(connected(withPodCidrs(cluster("a", SHARED), List.of("10.1.0.0/16", "fd00:1::/64"))),
                joining(withPodCidrs(cluster("b", SHARED), List.of("10.2.0.0/16", "fd00:1:0:0:8000::/65"))),
                joining(withPodCidrs(cluster("c", SHARED), List.of("10.3.0.0/16", "fd00:3::/64"))));
        assertThat(report.excludedMembers()).containsExactly("b");
        assertThat(onlyFailure(report, "b").message()).contains("fd00:1:0:0:8000::/65 overlaps fd00:1::/64")
                .doesNotContain("10.");
    }

    @Test
    void aMemberExcludedForItsOwnReasonsDoesNotExcludeANewcomerItConflictsWith() {
        AksCluster stopped = withState(withPodCidrs(cluster("a", SHARED), List.of("10.244.0.0/16")), "1.33.2", "Succeeded",
                "Stopped");
        PrerequisiteReport report = check(joining(stopped), joining(withPodCidrs(cluster("b", SHARED), List.of("10.244.0.0/16"))));
        assertThat(report.excludedMembers()).containsExactly("a");
        assertThat(failedCodes(report, "a")).containsExactly(CheckCode.ClusterNotRunning, CheckCode.PodCidrOverlap);
        assertThat(report.failures("b")).isEmpty();
    }

    @Test
    void conflictsWithConnectedMembersDecideBeforeConflictsBetweenNewcomers() {
        PrerequisiteReport report = check(connected(withPodCidrs(cluster("c", SHARED), List.of("10.244.0.0/24"))),
                joining(withPodCidrs(cluster("a", SHARED), List.of("10.244.0.0/16"))),
                joining(withPodCidrs(cluster("b", SHARED), List.of("10.244.128.0/17"))));
        assertThat(report.excludedMembers()).containsExactly("a");
        assertThat(failedCodes(report, "a")).containsExactly(CheckCode.PodCidrOverlap, CheckCode.PodCidrOverlap);
        assertThat(report.failures("b")).isEmpty();
    }

    private static List<VirtualNetwork> networks(VirtualNetwork... networks) {
        return Arrays.asList(networks);
    }

    private static VirtualNetwork withPods(VirtualNetworkId id, String member, String podPrefix,
            VirtualNetwork.Peering... peerings) {
        return network(id, List.of(peerings), "nodes", "10.0.0.0/24", "pods-" + member, podPrefix);
    }

    @Test
    void peeringIsNotTransitiveBetweenMembers() {
        PrerequisiteReport report = MeshPrerequisites.check(
                List.of(joining(cluster("a", A)), joining(cluster("b", B)), joining(cluster("c", C))),
                networks(withPods(A, "a", "10.1.0.0/16", peering(B, Connected)),
                        withPods(B, "b", "10.2.0.0/16", peering(A, Connected), peering(C, Connected)),
                        withPods(C, "c", "10.3.0.0/16", peering(B, Connected))));
        assertThat(report.excludedMembers()).containsExactly("a", "c");
        CheckResult failure = onlyFailure(report, "a");
        assertThat(failure.code()).isEqualTo(CheckCode.NetworkNotPeered);
        assertThat(failure.message()).contains("Member 'c'", "from 'vnet-a' to 'vnet-c': no peering",
                "from 'vnet-c' to 'vnet-a': no peering", "not transitive");
        assertThat(failure.target()).isEqualTo(A.toString());
        assertThat(failure.remediation()).isEqualTo(
                "az network vnet peering create --subscription " + A.subscriptionId() + " -g rg-net --vnet-name vnet-a"
                        + " -n vnet-a-to-vnet-c --remote-vnet " + C + " --allow-vnet-access"
                        + " && az network vnet peering create --subscription " + C.subscriptionId() + " -g rg-net"
                        + " --vnet-name vnet-c -n vnet-c-to-vnet-a --remote-vnet " + A + " --allow-vnet-access");
        assertThat(report.failures("b")).isEmpty();
    }

    @Test
    void aPeeringConnectedOneWayOnlyFailsAndOnlyTheMissingSideIsCreated() {
        PrerequisiteReport report = MeshPrerequisites.check(List.of(connected(cluster("a", A)), joining(cluster("b", B))),
                networks(withPods(A, "a", "10.1.0.0/16", peering(B, Initiated)), withPods(B, "b", "10.2.0.0/16")));
        assertThat(report.excludedMembers()).containsExactly("b");
        CheckResult failure = onlyFailure(report, "b");
        assertThat(failure.target()).isEqualTo(B.toString());
        assertThat(failure.message()).contains("from 'vnet-a' to 'vnet-b': Initiated");
        assertThat(failure.remediation()).isEqualTo("az network vnet peering create --subscription " + B.subscriptionId()
                + " -g rg-net --vnet-name vnet-b -n vnet-b-to-vnet-a --remote-vnet " + A + " --allow-vnet-access");
    }

    @Test
    void aDisconnectedPeeringIsDeletedAndCreatedAgain() {
        PrerequisiteReport report = MeshPrerequisites.check(List.of(connected(cluster("a", A)), joining(cluster("b", B))),
                networks(withPods(A, "a", "10.1.0.0/16", peering(B, Disconnected)), withPods(B, "b", "10.2.0.0/16")));
        assertThat(onlyFailure(report, "b").remediation()).contains("az network vnet peering delete --subscription "
                + A.subscriptionId() + " -g rg-net --vnet-name vnet-a -n to-vnet-b && az network vnet peering create "
                + "--subscription " + A.subscriptionId() + " -g rg-net --vnet-name vnet-a -n vnet-a-to-vnet-b");
    }
}
