package org.fleetmesh.rp.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.fleetmesh.simulator.SimulatedClusterSpec;
import org.fleetmesh.simulator.SimulatedVirtualNetworkSpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The prerequisites apply checks on every selected member, against clusters and virtual networks the simulated Azure
 * serves in the published shapes: a member that fails any is Failed with every failed check in its error, and is not
 * pushed; the others connect.
 */
class ClusterMeshPrerequisitesIT extends ContractTestSupport {

    private static final String MESH = "{\"mesh\":\"blue\"}";

    @Test
    void withoutTheCiliumDataplane() {
        assertFailsAlone(spec -> spec.toBuilder().networkDataplane("azure").networkPolicy("azure").build(),
                "CiliumDataplaneRequired");
    }

    @Test
    void withoutAcns() {
        assertFailsAlone(spec -> spec.toBuilder().advancedNetworkingEnabled(false).build(), "AcnsRequired");
    }

    @Test
    void onKubernetesOlderThan132() {
        assertFailsAlone(spec -> spec.toBuilder().kubernetesVersion("1.31.7").build(), "KubernetesVersionTooOld");
    }

    @Test
    void onCniOverlay() {
        assertFailsAlone(spec -> spec.toBuilder().networkPluginMode("overlay").build(), "OverlayNotSupported");
    }

    @Test
    void whenTheClusterIsNotSucceeded() {
        assertFailsAlone(spec -> spec.toBuilder().provisioningState("Failed").build(), "ClusterNotSucceeded");
    }

    @Test
    void whenTheClusterIsStopped() {
        assertFailsAlone(spec -> spec.toBuilder().powerState(SimulatedClusterSpec.PowerState.Stopped).build(),
                "ClusterNotRunning");
    }

    @Test
    void withAnotherTransitEncryptionThanTheRest() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "t1", MESH);
        createMember("rg", "f1", "t2", MESH);
        AZURE.updateCluster(clusterId("t3-aks"), spec -> spec.toBuilder().transitEncryption("WireGuard").build());
        createMember("rg", "f1", "t3", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");
        assertThat(state(apply())).isEqualTo("Degraded");
        assertFailedWith("t3", "TransitEncryptionMismatch");
        assertThat(memberState("t1")).isEqualTo("Connected");
    }

    @Test
    void inAVirtualNetworkThatIsNotPeeredInBothDirections() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "n1", MESH);
        String own = "/subscriptions/" + subscription + "/resourceGroups/clusters/providers/Microsoft.Network/virtualNetworks/clusters-vnet";
        String other = "/subscriptions/" + subscription + "/resourceGroups/clusters/providers/Microsoft.Network/virtualNetworks/far";
        AZURE.addVirtualNetwork(new SimulatedVirtualNetworkSpec(other, "westus", List.of("10.200.0.0/16"), Map.of()));
        AZURE.setPeeringState(own, other, SimulatedVirtualNetworkSpec.PeeringState.Connected);
        AZURE.setPeeringState(other, own, SimulatedVirtualNetworkSpec.PeeringState.Initiated);
        AZURE.updateCluster(clusterId("n2-aks"), spec -> spec.toBuilder().nodeSubnetId(other + "/subnets/n2-nodes")
                .podSubnetId(other + "/subnets/n2-pods").build());
        createMember("rg", "f1", "n2", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");
        apply();
        // Neither was connected, so the pair's conflict excludes both.
        assertFailedWith("n1", "NetworkNotPeered");
        assertFailedWith("n2", "NetworkNotPeered");
    }

    @Test
    void whosePodAddressesOverlapAConnectedMember() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "o1", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");
        assertThat(state(apply())).isEqualTo("Connected");
        String taken = cluster("o1-aks").spec().podCidrs().get(0);
        AZURE.updateCluster(clusterId("o2-aks"), spec -> spec.toBuilder().podCidrs(List.of("fd00::/64", taken)).build());
        createMember("rg", "f1", "o2", MESH);
        assertThat(state(apply())).isEqualTo("Degraded");
        assertFailedWith("o2", "PodCidrOverlap");
        assertThat(memberState("o1")).isEqualTo("Connected");
        assertThat(cluster("o2-aks").kubernetes().client().secrets().inNamespace("kube-system").list().getItems())
                .as("a member that fails its checks is not pushed").isEmpty();
    }

    @Test
    void everyFailingRuleOfOneMemberIsReported() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "ok", MESH);
        AZURE.updateCluster(clusterId("bad-aks"), spec -> spec.toBuilder().networkDataplane("azure")
                .advancedNetworkingEnabled(false).kubernetesVersion("1.30.1").networkPluginMode("overlay")
                .provisioningState("Failed").powerState(SimulatedClusterSpec.PowerState.Stopped).build());
        createMember("rg", "f1", "bad", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");
        apply();
        assertThat(failedChecks("bad")).contains("CiliumDataplaneRequired", "AcnsRequired", "KubernetesVersionTooOld",
                "OverlayNotSupported", "ClusterNotSucceeded", "ClusterNotRunning");
        JsonNode detail = member("bad").at("/meshProperties/status/error/details/0");
        assertThat(detail.path("message").asString()).contains("Fix: az ");
        assertThat(detail.path("target").asString()).contains("/managedClusters/bad-aks");
    }

    @Test
    void throttlingAndServerErrorsWhileReadingClustersRecover() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "r1", MESH);
        createMember("rg", "f1", "r2", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");
        AZURE.throttleNext(2, Duration.ofSeconds(1));
        AZURE.failNext(1, 500);
        assertThat(state(apply())).isEqualTo("Connected");
    }

    @Test
    void aClusterReadThatTimesOutFailsThatMemberSayingSo() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "s1", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");
        // Longer than the call timeout (5 s in tests), for the read and each of its retries.
        AZURE.delayNext(10, Duration.ofSeconds(7));
        try {
            Completed applied = apply();
            assertThat(applied.status()).isEqualTo("Failed");
            JsonNode error = member("s1").at("/meshProperties/status/error");
            assertThat(error.path("code").asString()).isEqualTo("AzureRequestTimedOut");
            assertThat(error.path("message").asString()).contains("Retry");
        } finally {
            AZURE.clearFaults();
        }
    }

    @Test
    void whatIfNamesTheTwoBadMembersApplyConnectsTheRestAndFixingThemConnectsAll() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "m3", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");
        assertThat(state(apply())).isEqualTo("Connected");
        String m3Pods = cluster("m3-aks").spec().podCidrs().get(0);
        String m5Pods = cluster("m5-aks").spec().podCidrs().get(0);
        AZURE.updateCluster(clusterId("m4-aks"), spec -> spec.toBuilder().advancedNetworkingEnabled(false).build());
        AZURE.updateCluster(clusterId("m5-aks"), spec -> spec.toBuilder().podCidrs(List.of(m3Pods)).build());
        for (String name : List.of("m1", "m2", "m4", "m5")) {
            createMember("rg", "f1", name, MESH);
        }
        AZURE.resetRequests();

        Response whatIf = call("POST", profilePath("rg", "f1", "blue") + "/whatIf", PREVIEW).send();
        assertThat(whatIf.status()).isEqualTo(200);
        Map<String, String> actions = new LinkedHashMap<>();
        whatIf.json().path("members").forEach(m -> actions.put(m.path("name").asString(), m.path("action").asString()));
        assertThat(actions).containsExactly(Map.entry("m1", "Add"), Map.entry("m2", "Add"), Map.entry("m3", "None"),
                Map.entry("m4", "Error"), Map.entry("m5", "Error"));
        assertThat(failedCodes(whatIf.json(), "m4")).containsExactly("AcnsRequired");
        assertThat(failedCodes(whatIf.json(), "m5")).containsExactly("PodCidrOverlap");
        JsonNode m1 = memberOf(whatIf.json(), "m1");
        assertThat(m1.path("ciliumClusterId").asInt()).isEqualTo(2);
        assertThat(m1.path("checks")).allSatisfy(check -> assertThat(check.path("result").asString()).isEqualTo("Passed"));
        assertThat(AZURE.requestCount("GET", ".*/managedClusters/.*")).as("each cluster read once").isEqualTo(5);
        assertThat(call("GET", profilePath("rg", "f1", "blue"), PREVIEW).send().json().at("/properties/status/state")
                .asString()).as("what-if changes nothing").isEqualTo("Connected");

        Completed applied = apply();
        assertThat(state(applied)).isEqualTo("Degraded");
        assertThat(List.of("m1", "m2", "m3")).allSatisfy(name -> assertThat(memberState(name)).isEqualTo("Connected"));
        assertFailedWith("m4", "AcnsRequired");
        assertFailedWith("m5", "PodCidrOverlap");
        assertThat(applied.result().json().at("/properties/status/lastOperationError/code").asString())
                .isEqualTo("MeshMembersFailed");

        AZURE.updateCluster(clusterId("m4-aks"), spec -> spec.toBuilder().advancedNetworkingEnabled(true).build());
        AZURE.updateCluster(clusterId("m5-aks"), spec -> spec.toBuilder().podCidrs(List.of(m5Pods)).build());
        assertThat(state(apply())).isEqualTo("Connected");
        assertThat(List.of("m1", "m2", "m3", "m4", "m5"))
                .allSatisfy(name -> assertThat(memberState(name)).isEqualTo("Connected"));
    }

    @Test
    void whatIfShowsMembersThatWouldLeaveAndMembersOfAnotherMesh() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "w1", MESH);
        createMember("rg", "f1", "w2", "{\"mesh\":\"blue\",\"team\":\"x\"}");
        createProfile("rg", "f1", "blue", "mesh=blue");
        apply();
        createProfile("rg", "f1", "team", "team=x");
        JsonNode team = call("POST", profilePath("rg", "f1", "team") + "/whatIf", PREVIEW).send().json();
        JsonNode w2 = memberOf(team, "w2");
        assertThat(w2.path("action").asString()).isEqualTo("Error");
        assertThat(w2.path("otherClusterMeshProfileResourceId").asString()).endsWith("/clusterMeshProfiles/blue");
        assertThat(failedCodes(team, "w2")).containsExactly("MemberInAnotherMesh");

        createProfile("rg", "f1", "blue", "mesh=none");
        JsonNode emptied = call("POST", profilePath("rg", "f1", "blue") + "/whatIf", PREVIEW).send().json();
        assertThat(emptied.path("members")).extracting(m -> m.path("action").asString()).containsExactly("Remove", "Remove");
        assertThat(memberOf(emptied, "w1").path("ciliumClusterId").asInt()).isEqualTo(1);
    }

    @Test
    void whatIfIsOnlyInThePreviews() {
        createFleet("rg", "f1");
        createProfile("rg", "f1", "blue", "mesh=blue");
        assertThat(call("POST", profilePath("rg", "f1", "blue") + "/whatIf", PREVIEW).send().status()).isEqualTo(200);
        assertThat(call("POST", profilePath("rg", "f1", "blue") + "/whatIf", STABLE).outsideContract().send().status())
                .isEqualTo(400);
        assertThat(call("POST", profilePath("rg", "f1", "nope") + "/whatIf", PREVIEW).send().status()).isEqualTo(404);
    }

    private static JsonNode memberOf(JsonNode whatIf, String name) {
        for (JsonNode member : whatIf.path("members")) {
            if (member.path("name").asString().equals(name)) {
                return member;
            }
        }
        throw new AssertionError("no member " + name + " in " + whatIf);
    }

    private static List<String> failedCodes(JsonNode whatIf, String name) {
        List<String> codes = new ArrayList<>();
        memberOf(whatIf, name).path("checks").forEach(check -> {
            if (check.path("result").asString().equals("Failed")) {
                codes.add(check.path("code").asString());
            }
        });
        return codes;
    }

    private void assertFailsAlone(UnaryOperator<SimulatedClusterSpec> broken, String code) {
        createFleet("rg", "f1");
        createMember("rg", "f1", "good", MESH);
        AZURE.updateCluster(clusterId("bad-aks"), broken);
        createMember("rg", "f1", "bad", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");
        Completed applied = apply();
        assertThat(state(applied)).isEqualTo("Degraded");
        assertThat(memberState("good")).isEqualTo("Connected");
        assertFailedWith("bad", code);
        assertThat(applied.result().json().at("/properties/status/lastOperationError/details/0/target").asString())
                .isEqualTo("bad");
    }

    private void assertFailedWith(String member, String code) {
        assertThat(memberState(member)).isEqualTo("Failed");
        assertThat(member(member).at("/meshProperties/status/error/code").asString()).isEqualTo("MeshPrerequisitesNotMet");
        assertThat(failedChecks(member)).contains(code);
    }

    private List<String> failedChecks(String member) {
        List<String> codes = new ArrayList<>();
        member(member).at("/meshProperties/status/error/details").forEach(d -> codes.add(d.path("code").asString()));
        return codes;
    }

    private Completed apply() {
        return applyProfile("rg", "f1", "blue");
    }

    private static String state(Completed applied) {
        return applied.result().json().at("/properties/status/state").asString();
    }

}
