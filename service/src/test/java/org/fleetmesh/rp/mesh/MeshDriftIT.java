package org.fleetmesh.rp.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.fleetmesh.simulator.SimulatedKubernetes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A mesh that changes behind the service's back: the health check reports what a member no longer holds as
 * MeshConfigurationDrifted (and the peers that can no longer reach it), and the next apply puts back exactly what
 * differs, reading each member's objects of the service instead of trusting the last apply's digest.
 */
class MeshDriftIT extends ContractTestSupport {

    private static final String MESH = "{\"mesh\":\"blue\"}";
    private static final List<String> THREE = List.of("a", "b", "c");

    @Autowired
    MeshHealthCheck healthCheck;

    @Test
    void objectsDeletedOrEditedOnAMemberAreReportedByTheHealthCheckAndPutBackByTheNextApply() {
        connectedMeshOfThree();
        SimulatedKubernetes b = cluster("b-aks").kubernetes();
        b.client().secrets().inNamespace("kube-system").withName("cilium-kvstoremesh").delete();
        // Someone tightens the apiserver's RBAC: it could no longer read EndpointSlices for global services.
        b.client().rbac().clusterRoles().withName("clustermesh-apiserver").edit(role -> {
            role.getRules().removeIf(rule -> rule.getApiGroups().contains("discovery.k8s.io"));
            return role;
        });
        Map<String, Integer> writesBefore = writesByMember();

        healthCheck.checkAll();

        assertThat(memberState("b")).isEqualTo("Failed");
        JsonNode error = member("b").at("/meshProperties/status/error");
        assertThat(error.path("code").asString()).isEqualTo("MeshConfigurationDrifted");
        assertThat(error.path("message").asString())
                .contains("no longer holds the mesh configuration it was given")
                .contains("Secret cilium-kvstoremesh").contains("ClusterRole clustermesh-apiserver");
        assertThat(error.path("details")).filteredOn(d -> d.path("code").asString().equals("MeshConfigurationDrifted"))
                .extracting(d -> d.path("target").asString())
                .containsExactlyInAnyOrder("Secret cilium-kvstoremesh", "ClusterRole clustermesh-apiserver");
        assertThat(memberState("a")).isEqualTo("Connected");
        assertThat(memberState("c")).isEqualTo("Connected");
        assertThat(profileState()).isEqualTo("Degraded");
        assertThat(listConnectivity().path("members")).filteredOn(m -> m.path("name").asString().equals("b"))
                .singleElement().satisfies(m -> assertThat(m.path("driftedObjects")).extracting(JsonNode::asString)
                        .containsExactlyInAnyOrder("Secret cilium-kvstoremesh", "ClusterRole clustermesh-apiserver"));
        assertThat(meshGauge()).as("drifted objects").isEqualTo(2.0);
        assertThat(writesByMember()).as("the health check writes nothing").isEqualTo(writesBefore);

        Completed repaired = applyProfile("rg", "f1", "blue");

        assertThat(repaired.result().json().at("/properties/status/state").asString()).isEqualTo("Connected");
        THREE.forEach(name -> assertThat(memberState(name)).as(name).isEqualTo("Connected"));
        Map<String, Integer> writesAfter = writesByMember();
        assertThat(writesAfter.get("b") - writesBefore.get("b")).as("b: the Secret and the ClusterRole, nothing else")
                .isEqualTo(2);
        assertThat(writesAfter.get("a")).as("a is left alone").isEqualTo(writesBefore.get("a"));
        assertThat(writesAfter.get("c")).as("c is left alone").isEqualTo(writesBefore.get("c"));
        assertThat(b.client().rbac().clusterRoles().withName("clustermesh-apiserver").get().getRules())
                .as("the edit undone").anyMatch(rule -> rule.getApiGroups().contains("discovery.k8s.io"));

        healthCheck.checkAll();
        assertThat(memberState("b")).isEqualTo("Connected");
        assertThat(meshGauge()).isEqualTo(0.0);
        assertThat(applyProfile("rg", "f1", "blue").result().json().at("/properties/status/state").asString())
                .isEqualTo("Connected");
        assertThat(writesByMember()).as("an unchanged, undrifted mesh gets no write").isEqualTo(writesAfter);
    }

    @Test
    void aMembersNewLoadBalancerAddressIsDetectedByTheHealthCheckAndToldToItsPeersByTheNextApply() {
        connectedMeshOfThree();

        cluster("a-aks").kubernetes().changeLoadBalancerAddresses();
        healthCheck.checkAll();

        JsonNode drifted = member("a").at("/meshProperties/status/error");
        assertThat(memberState("a")).isEqualTo("Failed");
        assertThat(drifted.path("code").asString()).isEqualTo("MeshConfigurationDrifted");
        assertThat(drifted.path("message").asString())
                .containsPattern("Service clustermesh-apiserver \\(its load-balancer address is now [0-9.]+; its peers "
                        + "were given [0-9.]+\\)");
        for (String peer : List.of("b", "c")) {
            JsonNode lost = member(peer).at("/meshProperties/status/error");
            assertThat(memberState(peer)).as(peer).isEqualTo("Failed");
            assertThat(lost.path("code").asString()).isEqualTo("PartialConnectivity");
            assertThat(lost.path("details")).extracting(d -> d.path("target").asString()).containsExactly("a");
        }

        Completed applied = applyProfile("rg", "f1", "blue");

        assertThat(applied.result().json().at("/properties/status/state").asString()).isEqualTo("Connected");
        THREE.forEach(name -> assertThat(memberState(name)).as(name).isEqualTo("Connected"));
        for (JsonNode member : listConnectivity().path("members")) {
            assertThat(member.path("peers")).as(member.path("name").asString()).allMatch(p -> p.path("ready").asBoolean());
            assertThat(member.path("driftedObjects").isMissingNode()).as(member.path("name").asString()).isTrue();
        }
    }

    private void connectedMeshOfThree() {
        createFleet("rg", "f1");
        THREE.forEach(name -> createMember("rg", "f1", name, MESH));
        createProfile("rg", "f1", "blue", "mesh=blue");
        assertThat(applyProfile("rg", "f1", "blue").result().json().at("/properties/status/state").asString())
                .isEqualTo("Connected");
    }

    private Map<String, Integer> writesByMember() {
        return Map.of("a", writes("a"), "b", writes("b"), "c", writes("c"));
    }

    private int writes(String member) {
        return cluster(member + "-aks").kubernetes().writeCount();
    }

    private String profileState() {
        return call("GET", profilePath("rg", "f1", "blue"), PREVIEW).send().json().at("/properties/status/state").asString();
    }

    /** listConnectivity measured now, as the health check measures. */
    private JsonNode listConnectivity() {
        Response answered = call("POST", profilePath("rg", "f1", "blue") + "/listConnectivity", PREVIEW)
                .body("{\"refresh\":true}").send();
        assertThat(answered.status()).as(answered.text()).isEqualTo(200);
        return answered.json();
    }

    private double meshGauge() {
        String series = "fleetmesh_mesh_drifted_objects{mesh=\"" + profilePath("rg", "f1", "blue") + "\"}";
        String prometheus = call("GET", "/actuator/prometheus").onManagementPort().withoutToken().send().text();
        return prometheus.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + series + " in\n" + prometheus));
    }
}
