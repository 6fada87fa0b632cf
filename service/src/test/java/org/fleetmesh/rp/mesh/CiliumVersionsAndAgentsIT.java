package org.fleetmesh.rp.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.fleetmesh.simulator.SimulatedCluster;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Each member gets the ClusterMesh configuration of the Cilium minor version its agents run, read from the image of
 * its {@code cilium} DaemonSet; a member on a version the service does not support is refused before anything is
 * pushed; the agents restart once to take their mesh identity, which whatIf announces. The simulated clusters run a
 * clustermesh-apiserver pod only when its spec is the official chart's for its image's version.
 */
class CiliumVersionsAndAgentsIT extends ContractTestSupport {

    private static final String MESH = "{\"mesh\":\"blue\"}";
    private static final String AKS_CILIUM = "mcr.microsoft.com/containernetworking/cilium/";

    @Test
    void eachMemberGetsTheChartOfItsCiliumMinorAndItsAgentsRestartOnceWithTheirMeshIdentity() {
        createFleet("rg", "f1");
        runCilium("v17-aks", "cilium:v1.17.7");
        runCilium("v18-aks", "cilium-distroless:v1.18.2");
        createMember("rg", "f1", "v17", MESH);
        createMember("rg", "f1", "v18", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");

        JsonNode whatIf = whatIf();
        assertThat(whatIfMember(whatIf, "v17").path("ciliumVersion").asString()).isEqualTo("1.17.7");
        assertThat(whatIfMember(whatIf, "v18").path("ciliumVersion").asString()).isEqualTo("1.18.2");
        JsonNode restart = whatIfMember(whatIf, "v17").path("effects").get(0);
        assertThat(restart.path("code").asString()).isEqualTo("AgentRestart");
        assertThat(restart.path("message").asString()).contains("cluster name 'v171' and cluster id 1",
                "keep the security identities they were given until they are restarted");

        Completed applied = applyProfile("rg", "f1", "blue");
        assertThat(applied.result().json().at("/properties/status/state").asString()).isEqualTo("Connected");
        // Connected means each strict simulated cluster runs the pod: 1.17's chart for 1.17, 1.18's for 1.18.
        assertThat(apiServerImage(cluster("v17-aks"))).isEqualTo("quay.io/cilium/clustermesh-apiserver:v1.17.18");
        assertThat(apiServerImage(cluster("v18-aks"))).isEqualTo("quay.io/cilium/clustermesh-apiserver:v1.18.6");
        for (String name : List.of("v17", "v18")) {
            SimulatedCluster cluster = cluster(name + "-aks");
            assertThat(cluster.kubernetes().agentRollouts()).as(name).isEqualTo(1);
            assertThat(cluster.kubernetes().operatorRollouts()).as(name).isEqualTo(1);
            DaemonSet agents = cluster.kubernetes().client().apps().daemonSets().inNamespace("kube-system").withName("cilium")
                    .get();
            String identity = member(name).at("/meshProperties/ciliumProperties/name").asString() + "/"
                    + member(name).at("/meshProperties/ciliumProperties/id").asInt();
            assertThat(agents.getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsEntry("fleet.azure.com/cilium-cluster", identity);
        }

        assertThat(whatIfMember(whatIf(), "v17").path("effects")).isEmpty();
        applyProfile("rg", "f1", "blue");
        assertThat(cluster("v17-aks").kubernetes().agentRollouts()).as("restarted once").isEqualTo(1);
    }

    @Test
    void aMemberOnAnUnsupportedCiliumIsRefusedWithItsRemediationAndTheOthersConnect() {
        createFleet("rg", "f1");
        runCilium("old-aks", "cilium:v1.16.6");
        createMember("rg", "f1", "old", MESH);
        createMember("rg", "f1", "new", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");

        JsonNode old = whatIfMember(whatIf(), "old");
        assertThat(old.path("action").asString()).isEqualTo("Error");
        assertThat(old.path("ciliumVersion").asString()).isEqualTo("1.16.6");
        JsonNode check = failedCheck(old.path("checks"));
        assertThat(check.path("code").asString()).isEqualTo("CiliumVersionUnsupported");
        assertThat(check.path("message").asString()).isEqualTo("Member 'old' (cluster 'old-aks') runs Cilium 1.16.6, "
                + "older than the 1.17 and 1.18 whose ClusterMesh configuration this service deploys.");
        assertThat(check.path("remediation").asString()).contains("az aks get-upgrades", "az aks upgrade");

        Completed applied = applyProfile("rg", "f1", "blue");
        assertThat(applied.result().json().at("/properties/status/state").asString()).isEqualTo("Degraded");
        assertThat(memberState("new")).isEqualTo("Connected");
        assertThat(memberState("old")).isEqualTo("Failed");
        assertThat(member("old").at("/meshProperties/status/error/details/0/code").asString())
                .isEqualTo("CiliumVersionUnsupported");
        assertThat(cluster("old-aks").kubernetes().client().apps().deployments().inNamespace("kube-system")
                .withName("clustermesh-apiserver").get()).as("nothing pushed").isNull();
        assertThat(cluster("old-aks").kubernetes().agentRollouts()).isZero();
    }

    @Test
    void aMemberWhoseApiServerNeverBecomesAvailableFailsWithWhatItsPodReports() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "ok", MESH);
        createMember("rg", "f1", "sick", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");
        cluster("sick-aks").kubernetes().breakApiServer("level=fatal msg=\"Unable to connect to etcd\" error=\"context deadline exceeded\"");

        Completed applied = applyProfile("rg", "f1", "blue");
        assertThat(applied.result().json().at("/properties/status/state").asString()).isEqualTo("Degraded");
        assertThat(memberState("ok")).isEqualTo("Connected");
        assertThat(memberState("sick")).isEqualTo("Failed");
        JsonNode error = member("sick").at("/meshProperties/status/error");
        assertThat(error.path("code").asString()).isEqualTo("MemberClusterNotReady");
        assertThat(error.path("message").asString()).contains("The clustermesh-apiserver of member 'sick' is not available",
                "container kvstoremesh: CrashLoopBackOff (exited with 1: level=fatal msg=\"Unable to connect to etcd\"",
                "kubectl -n kube-system describe pods -l app.kubernetes.io/name=clustermesh-apiserver");
    }

    /** The cluster's agents run this image, as after an AKS upgrade to that Cilium. */
    private void runCilium(String clusterName, String imageAndTag) {
        KubernetesClient client = cluster(clusterName).kubernetes().client();
        DaemonSet agents = client.apps().daemonSets().inNamespace("kube-system").withName("cilium").get();
        int agent = agents.getSpec().getTemplate().getSpec().getContainers().stream().map(c -> c.getName()).toList()
                .indexOf("cilium-agent");
        client.apps().daemonSets().inNamespace("kube-system").withName("cilium").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/" + agent + "/image\",\"value\":\""
                        + AKS_CILIUM + imageAndTag + "\"}]");
        cluster(clusterName).kubernetes().resetCounts();
    }

    private JsonNode whatIf() {
        Response response = call("POST", profilePath("rg", "f1", "blue") + "/whatIf", PREVIEW).send();
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode whatIfMember(JsonNode whatIf, String name) {
        for (JsonNode member : whatIf.path("members")) {
            if (member.path("name").asString().equals(name)) {
                return member;
            }
        }
        throw new AssertionError("no member " + name + " in " + whatIf);
    }

    private static JsonNode failedCheck(JsonNode checks) {
        for (JsonNode check : checks) {
            if (check.path("result").asString().equals("Failed")) {
                return check;
            }
        }
        throw new AssertionError("no failed check in " + checks);
    }

    private static String apiServerImage(SimulatedCluster cluster) {
        return cluster.kubernetes().client().apps().deployments().inNamespace("kube-system").withName("clustermesh-apiserver")
                .get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }
}
