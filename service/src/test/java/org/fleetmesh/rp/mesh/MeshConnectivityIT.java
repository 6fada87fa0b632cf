package org.fleetmesh.rp.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.fleetmesh.simulator.SimulatedKubernetes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Connected means connected: a member is Connected only once its KVStoreMesh reports every peer ready, as the
 * simulated members compute it from what was actually pushed; peers that cannot reach each other end Failed with
 * PartialConnectivity naming each other, after the connectivity wait (3 s in tests).
 */
class MeshConnectivityIT extends ContractTestSupport {

    @Autowired
    MeshHealthCheck healthCheck;

    private static final String MESH = "{\"mesh\":\"blue\"}";
    private static final List<String> FOUR = List.of("a", "b", "c", "d");

    @Test
    void aHealthyMeshOfFourEndsWithEveryMemberConnectedAndEveryPeerReady() {
        createFleet("rg", "f1");
        FOUR.forEach(name -> createMember("rg", "f1", name, MESH));
        createProfile("rg", "f1", "blue", "mesh=blue");

        Completed applied = applyProfile("rg", "f1", "blue");

        assertThat(applied.result().json().at("/properties/status/state").asString()).isEqualTo("Connected");
        for (String name : FOUR) {
            assertThat(memberState(name)).as(name).isEqualTo("Connected");
            assertThat(member(name).at("/meshProperties/status/error").isMissingNode()
                    || member(name).at("/meshProperties/status/error").isNull()).as(name + " has no error").isTrue();
            List<SimulatedKubernetes.KvstoreMeshPeer> peers = cluster(name + "-aks").kubernetes().kvstoreMeshPeers();
            assertThat(peers).as(name).hasSize(3).allMatch(SimulatedKubernetes.KvstoreMeshPeer::ready);
        }

        JsonNode matrix = listConnectivity(true);
        assertThat(matrix.path("members")).extracting(m -> m.path("name").asString()).containsExactlyElementsOf(FOUR);
        for (JsonNode member : matrix.path("members")) {
            String name = member.path("name").asString();
            assertThat(member.path("state").asString()).as(name).isEqualTo("Connected");
            assertThat(member.path("certificatesNotAfter").asString()).as(name).isNotBlank();
            assertThat(member.path("peers")).as(name).extracting(p -> p.path("name").asString())
                    .containsExactlyElementsOf(FOUR.stream().filter(other -> !other.equals(name)).toList());
            assertThat(member.path("peers")).as(name).allMatch(p -> p.path("ready").asBoolean());
        }
        assertThat(listConnectivity(false)).as("without refresh: the last observation, as it was").isEqualTo(matrix);
    }

    @Test
    void theHealthCheckFailsMembersThatLoseAPeerAndConnectsThemAgainOnceTheyReachIt() {
        createFleet("rg", "f1");
        List<String> three = List.of("a", "b", "c");
        three.forEach(name -> createMember("rg", "f1", name, MESH));
        createProfile("rg", "f1", "blue", "mesh=blue");
        assertThat(applyProfile("rg", "f1", "blue").result().json().at("/properties/status/state").asString())
                .isEqualTo("Connected");
        int writes = three.stream().mapToInt(name -> cluster(name + "-aks").kubernetes().writeCount()).sum();

        AZURE.blockPort2379(clusterId("a-aks"), clusterId("b-aks"));
        assertThat(healthCheck.checkAll()).as("meshes checked").isPositive();

        assertThat(profileState()).isEqualTo("Degraded");
        assertThat(memberState("c")).isEqualTo("Connected");
        for (String[] pair : new String[][] {{"a", "b"}, {"b", "a"}}) {
            JsonNode error = member(pair[0]).at("/meshProperties/status/error");
            assertThat(memberState(pair[0])).as(pair[0]).isEqualTo("Failed");
            assertThat(error.path("code").asString()).isEqualTo("PartialConnectivity");
            assertThat(error.path("details")).hasSize(1);
            assertThat(error.path("details").get(0).path("target").asString()).isEqualTo(pair[1]);
            assertThat(error.path("details").get(0).path("message").asString()).matches("dial tcp [0-9.]+:2379: i/o timeout");
        }
        assertThat(listConnectivity(false).path("members")).as("listConnectivity answers the health check's observation")
                .filteredOn(m -> m.path("name").asString().equals("a")).singleElement()
                .satisfies(a -> assertThat(a.path("peers")).filteredOn(p -> !p.path("ready").asBoolean())
                        .extracting(p -> p.path("name").asString()).containsExactly("b"));

        assertThat(meshGauge("fleetmesh_mesh_peers_not_ready", "")).as("pairs not ready").isEqualTo(2.0);
        assertThat(meshGauge("fleetmesh_mesh_members", ",state=\"Failed\"")).isEqualTo(2.0);

        AZURE.unblockPort2379(clusterId("a-aks"), clusterId("b-aks"));
        healthCheck.checkAll();
        assertThat(meshGauge("fleetmesh_mesh_peers_not_ready", "")).isEqualTo(0.0);
        assertThat(meshGauge("fleetmesh_mesh_members", ",state=\"Connected\"")).isEqualTo(3.0);

        assertThat(profileState()).isEqualTo("Connected");
        three.forEach(name -> assertThat(memberState(name)).as(name).isEqualTo("Connected"));
        assertThat(three.stream().mapToInt(name -> cluster(name + "-aks").kubernetes().writeCount()).sum())
                .as("the health check writes nothing to the members").isEqualTo(writes);
    }

    /** A gauge of profile rg/f1/blue on the Prometheus endpoint; {@code moreLabels} after its mesh label, e.g. state. */
    private double meshGauge(String name, String moreLabels) {
        String series = name + "{mesh=\"" + profilePath("rg", "f1", "blue") + "\"" + moreLabels + "}";
        String prometheus = call("GET", "/actuator/prometheus").onManagementPort().withoutToken().send().text();
        return prometheus.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + series + " in\n" + prometheus));
    }

    private String profileState() {
        return call("GET", profilePath("rg", "f1", "blue"), PREVIEW).send().json().at("/properties/status/state").asString();
    }

    /** POST listConnectivity on profile rg/f1/blue, measuring now when {@code refresh}. */
    private JsonNode listConnectivity(boolean refresh) {
        Response answered = call("POST", profilePath("rg", "f1", "blue") + "/listConnectivity", PREVIEW)
                .body("{\"refresh\":" + refresh + "}").send();
        assertThat(answered.status()).as(answered.text()).isEqualTo(200);
        return answered.json();
    }

    @Test
    void port2379BlockedBetweenTwoMembersFailsThoseTwoNamingEachOtherAndConnectsTheOthers() {
        createFleet("rg", "f1");
        FOUR.forEach(name -> createMember("rg", "f1", name, MESH));
        createProfile("rg", "f1", "blue", "mesh=blue");
        AZURE.blockPort2379(clusterId("a-aks"), clusterId("b-aks"));

        Completed applied = applyProfile("rg", "f1", "blue");

        assertThat(applied.result().json().at("/properties/status/state").asString()).isEqualTo("Degraded");
        assertThat(memberState("c")).isEqualTo("Connected");
        assertThat(memberState("d")).isEqualTo("Connected");
        for (String[] pair : new String[][] {{"a", "b"}, {"b", "a"}}) {
            String name = pair[0];
            String other = pair[1];
            assertThat(memberState(name)).as(name).isEqualTo("Failed");
            JsonNode error = member(name).at("/meshProperties/status/error");
            assertThat(error.path("code").asString()).isEqualTo("PartialConnectivity");
            assertThat(error.path("message").asString()).contains("did not reach 1 of its 3 peer(s) within 3s: " + other);
            assertThat(error.path("details")).hasSize(1);
            JsonNode detail = error.path("details").get(0);
            assertThat(detail.path("code").asString()).isEqualTo("PartialConnectivity");
            assertThat(detail.path("target").asString()).as("the peer's member name").isEqualTo(other);
            assertThat(detail.path("message").asString()).matches("dial tcp [0-9.]+:2379: i/o timeout");
        }
        List<String> notReady = new ArrayList<>();
        for (JsonNode member : listConnectivity(true).path("members")) {
            for (JsonNode peer : member.path("peers")) {
                if (!peer.path("ready").asBoolean()) {
                    notReady.add(member.path("name").asString() + "->" + peer.path("name").asString());
                    assertThat(peer.path("message").asString()).matches("dial tcp [0-9.]+:2379: i/o timeout");
                }
            }
        }
        assertThat(notReady).as("the matrix: exactly the blocked pair, both ways").containsExactlyInAnyOrder("a->b", "b->a");
        List<String> failedInProfile = new ArrayList<>();
        applied.result().json().at("/properties/status/lastOperationError/details")
                .forEach(d -> failedInProfile.add(d.path("target").asString()));
        assertThat(failedInProfile).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aMemberThatSeesNoPeerFailsWithAzuresConnectivityTimeout() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "a", MESH);
        createMember("rg", "f1", "b", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");
        AZURE.blockPort2379(clusterId("a-aks"), clusterId("b-aks"));

        Completed applied = applyProfile("rg", "f1", "blue");

        assertThat(applied.result().json().at("/properties/status/state").asString()).isEqualTo("Failed");
        JsonNode error = member("a").at("/meshProperties/status/error");
        assertThat(memberState("a")).isEqualTo("Failed");
        assertThat(error.path("code").asString()).isEqualTo("ConnectivityTimeout");
        assertThat(error.path("message").asString()).isEqualTo("No peers visible to Cilium for 3s (timeout: 3s)");
        assertThat(error.path("details").get(0).path("target").asString()).isEqualTo("b");
    }

    @Test
    void agentsStillRunningWithTheirOldIdentityKeepTheirMemberFromConnectedEvenWhenKvstoremeshIsReady() {
        createFleet("rg", "f1");
        List.of("a", "b", "c").forEach(name -> createMember("rg", "f1", name, MESH));
        createProfile("rg", "f1", "blue", "mesh=blue");
        // c's agents report their restart rolled out, but keep running with the identity they started with.
        cluster("c-aks").kubernetes().freezeAgentPods(true);

        Completed applied = applyProfile("rg", "f1", "blue");

        assertThat(applied.result().json().at("/properties/status/state").asString()).isEqualTo("Degraded");
        assertThat(memberState("a")).isEqualTo("Connected");
        assertThat(memberState("b")).isEqualTo("Connected");
        assertThat(memberState("c")).isEqualTo("Failed");
        JsonNode error = member("c").at("/meshProperties/status/error");
        assertThat(error.path("code").asString()).as("no peer visible to Cilium's agents").isEqualTo("ConnectivityTimeout");
        assertThat(error.path("details")).extracting(d -> d.path("target").asString()).containsExactly("a", "b");
        assertThat(error.path("details")).allSatisfy(detail -> assertThat(detail.path("message").asString())
                .matches("KVStoreMesh has this peer ready, but the Cilium agents on (\\d+) of \\1 node\\(s\\) do not "
                        + "report it ready yet \\(aks-nodepool1-.*"));
        assertThat(cluster("c-aks").kubernetes().kvstoreMeshPeers()).as("c's KVStoreMesh itself has both peers")
                .hasSize(2).allMatch(SimulatedKubernetes.KvstoreMeshPeer::ready);
    }
}
