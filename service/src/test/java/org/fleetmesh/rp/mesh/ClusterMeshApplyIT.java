package org.fleetmesh.rp.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.fleetmesh.simulator.SimulatedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * POST apply end to end: the real Azure SDK against simulated ARM over HTTPS, and the real fabric8 client against one
 * simulated Kubernetes API server per member, which gives the clustermesh-apiserver Service a load-balancer address.
 */
class ClusterMeshApplyIT extends ContractTestSupport {

    private static final String MESH = "{\"mesh\":\"blue\"}";

    @Test
    void membersConnectAJoinerIsAddedEverywhereALeaverIsCleanedAndAnUnchangedMeshWritesNothing() {
        createFleet("rg", "f1");
        for (String name : List.of("m1", "m2", "m3")) {
            createMember("rg", "f1", name, MESH);
        }
        createProfile("rg", "f1", "blue", "mesh=blue");

        Completed applied = apply("blue");
        assertThat(applied.status()).isEqualTo("Succeeded");
        assertThat(applied.result().json().at("/properties/status/state").asString()).isEqualTo("Connected");
        assertThat(applied.result().json().at("/properties/status/lastAppliedMemberSelector/byLabel").asString())
                .isEqualTo("mesh=blue");
        assertThat(meshOf("m1")).isEqualTo(Map.of("m11", 1));
        assertThat(meshOf("m2")).isEqualTo(Map.of("m22", 2));
        for (String name : List.of("m1", "m2", "m3")) {
            assertThat(memberState(name)).isEqualTo("Connected");
            assertThat(peersOn(name)).hasSize(2).doesNotContain(ciliumName(name));
        }
        KubernetesClient m1 = cluster("m1-aks").kubernetes().client();
        assertThat(configMap(m1, "cilium-config")).containsEntry("cluster-name", "m11").containsEntry("cluster-id", "1")
                .containsEntry("max-connected-clusters", "255")
                // AKS's own keys are left alone.
                .containsEntry("routing-mode", "native");
        assertThat(m1.apps().deployments().inNamespace("kube-system").withName("clustermesh-apiserver").get()).isNotNull();
        Service service = m1.services().inNamespace("kube-system").withName("clustermesh-apiserver").get();
        assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(service.getMetadata().getAnnotations())
                .containsEntry("service.beta.kubernetes.io/azure-load-balancer-internal", "true");
        String m2Address = service(cluster("m2-aks")).getStatus().getLoadBalancer().getIngress().get(0).getIp();
        assertThat(secretText(m1, "cilium-kvstoremesh", "m22")).contains("https://m22.mesh.cilium.io:2379")
                .doesNotContain(m2Address);
        // Cilium 1.17/1.18 resolve a peer's name through the pod's hostAliases.
        assertThat(hostAliases(m1)).contains(m2Address + " m22.mesh.cilium.io").hasSize(2);

        createMember("rg", "f1", "m4", MESH);
        Completed withM4 = apply("blue");
        assertThat(withM4.result().json().at("/properties/status/state").asString()).as(withM4.accepted().text() + withM4.operation() + withM4.result().text()).isEqualTo("Connected");
        assertThat(meshOf("m4")).isEqualTo(Map.of("m44", 4));
        for (String name : List.of("m1", "m2", "m3", "m4")) {
            assertThat(peersOn(name)).hasSize(3).contains(name.equals("m4") ? "m11" : "m44");
        }
        // A join changes every member's Deployment (its hostAliases).
        String m4Address = service(cluster("m4-aks")).getStatus().getLoadBalancer().getIngress().get(0).getIp();
        assertThat(hostAliases(m1)).contains(m4Address + " m44.mesh.cilium.io").hasSize(3);

        call("PATCH", memberPath("rg", "f1", "m2"), PREVIEW).body("{\"properties\":{\"labels\":{\"mesh\":\"red\"}}}")
                .complete();
        Completed withoutM2 = apply("blue");
        assertThat(withoutM2.result().json().at("/properties/status/state").asString()).as(withoutM2.result().text())
                .isEqualTo("Connected");
        assertThat(member("m2").has("meshProperties")).isFalse();
        KubernetesClient left = cluster("m2-aks").kubernetes().client();
        assertThat(configMap(left, "cilium-config")).doesNotContainKeys("cluster-name", "cluster-id", "max-connected-clusters")
                .containsEntry("routing-mode", "native");
        assertThat(left.secrets().inNamespace("kube-system").list().getItems()).isEmpty();
        // What AKS runs stays: the operator and the agents (which the join restarted with the mesh identity).
        assertThat(left.apps().deployments().inNamespace("kube-system").list().getItems())
                .extracting(deployment -> deployment.getMetadata().getName()).containsExactly("cilium-operator");
        assertThat(left.apps().daemonSets().inNamespace("kube-system").withName("cilium").get()).isNotNull();
        assertThat(left.services().inNamespace("kube-system").list().getItems()).isEmpty();
        for (String name : List.of("m1", "m3", "m4")) {
            assertThat(peersOn(name)).hasSize(2).doesNotContain("m22");
        }
        // The identity of a member that stays never changes; a later joiner reuses the id m2 freed.
        assertThat(meshOf("m4")).isEqualTo(Map.of("m44", 4));
        createMember("rg", "f1", "m5", MESH);
        apply("blue");
        assertThat(meshOf("m5")).isEqualTo(Map.of("m52", 2));

        List<SimulatedCluster> members = List.of(cluster("m1-aks"), cluster("m2-aks"), cluster("m3-aks"),
                cluster("m4-aks"), cluster("m5-aks"));
        members.forEach(c -> c.kubernetes().resetCounts());
        Completed again = apply("blue");
        assertThat(again.status()).isEqualTo("Succeeded");
        assertThat(members).allSatisfy(c -> assertThat(c.kubernetes().writeCount()).as(c.resourceId()).isZero());
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aMemberWhoseApiServerStaysDownFailsAtTheEndOfItsRetryWindowAndTheOthersConnect(CapturedOutput log) {
        createFleet("rg", "f1");
        for (String name : List.of("a1", "a2", "a3")) {
            createMember("rg", "f1", name, MESH);
        }
        createProfile("rg", "f1", "blue", "mesh=blue");
        cluster("a2-aks").kubernetes().down();
        try {
            Completed applied = apply("blue");
            assertThat(applied.status()).isEqualTo("Succeeded");
            // Unreachable is a dependency's failure: a2 is tried again for the retry window (3 s here) before it fails.
            assertThat(Duration.between(Instant.parse(applied.operation().path("startTime").asString()),
                    Instant.parse(applied.operation().path("endTime").asString()))).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(log.getAll()).containsPattern("member=a2 step=\\w+ event=retrying code=MemberClusterUnreachable");
            JsonNode status = applied.result().json().at("/properties/status");
            assertThat(status.path("state").asString()).isEqualTo("Degraded");
            assertThat(status.at("/lastOperationError/code").asString()).isEqualTo("MeshMembersFailed");
            assertThat(status.at("/lastOperationError/details/0/target").asString()).isEqualTo("a2");
            assertThat(memberState("a1")).isEqualTo("Connected");
            assertThat(memberState("a3")).isEqualTo("Connected");
            assertThat(memberState("a2")).isEqualTo("Failed");
            JsonNode error = member("a2").at("/meshProperties/status/error");
            assertThat(error.path("code").asString()).isEqualTo("MemberClusterUnreachable");
            assertThat(error.path("message").asString()).contains("apply again");
            assertThat(peersOn("a1")).containsExactly("a33");
        } finally {
            cluster("a2-aks").kubernetes().up();
        }
        assertThat(apply("blue").result().json().at("/properties/status/state").asString()).isEqualTo("Connected");
        assertThat(peersOn("a1")).containsExactlyInAnyOrder("a22", "a33");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aMemberWhoseApiServerFailsItsFirstCallsAndThenRecoversEndsConnectedWithinTheSameApply(CapturedOutput log) {
        createFleet("rg", "f1");
        createMember("rg", "f1", "r1", MESH);
        createMember("rg", "f1", "r2", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");
        cluster("r2-aks").kubernetes().down();
        Response applying;
        try {
            applying = call("POST", profilePath("rg", "f1", "blue") + "/apply", PREVIEW).send();
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> log.getAll().contains("member=r2 step="), found -> found);
        } finally {
            cluster("r2-aks").kubernetes().up();
        }
        Completed applied = followApply("rg", "f1", "blue", applying);
        assertThat(applied.status()).isEqualTo("Succeeded");
        assertThat(applied.result().json().at("/properties/status/state").asString()).isEqualTo("Connected");
        assertThat(memberState("r1")).isEqualTo("Connected");
        assertThat(memberState("r2")).isEqualTo("Connected");
        assertThat(log.getAll()).containsPattern("member=r2 step=\\w+ event=retrying code=MemberClusterUnreachable attempt=1");
    }

    @Test
    void aClusterThatAuthenticatesWithEntraIdIsReachedWithATokenInsteadOfItsKubeconfigsPlugin() {
        createFleet("rg", "f1");
        AZURE.updateCluster(clusterId("g1-aks"), spec -> spec.toBuilder().aad(true).localAccountsDisabled(true).build());
        createMember("rg", "f1", "g1", MESH);
        createMember("rg", "f1", "g2", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");
        AZURE.resetRequests();
        assertThat(apply("blue").result().json().at("/properties/status/state").asString()).isEqualTo("Connected");
        assertThat(AZURE.requestCount("POST", ".*/managedClusters/g1-aks/listClusterUserCredential")).isPositive();
        assertThat(AZURE.requestCount("POST", ".*/managedClusters/g1-aks/listClusterAdminCredential")).isZero();
        assertThat(peersOn("g1")).containsExactly("g22");
    }

    @Test
    void whenEveryMemberFailsTheApplyFails() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "b1", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");
        cluster("b1-aks").kubernetes().down();
        try {
            Completed applied = apply("blue");
            assertThat(applied.status()).isEqualTo("Failed");
            assertThat(applied.operation().at("/error/code").asString()).isEqualTo("MeshMembersFailed");
            JsonNode profile = call("GET", profilePath("rg", "f1", "blue"), PREVIEW).send().json();
            assertThat(profile.at("/properties/status/state").asString()).isEqualTo("Failed");
            assertThat(profile.at("/properties/provisioningState").asString()).isEqualTo("Failed");
        } finally {
            cluster("b1-aks").kubernetes().up();
        }
    }

    @Test
    void aSelectorThatMatchesNothingLeavesTheProfileNotConnectedAndItCanBeDeleted() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "c1", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");
        apply("blue");
        Response refused = call("DELETE", profilePath("rg", "f1", "blue"), PREVIEW).send();
        assertThat(refused.status()).isEqualTo(409);
        assertThat(call("DELETE", memberPath("rg", "f1", "c1"), PREVIEW).send().errorCode()).isEqualTo("MemberInClusterMesh");

        createProfile("rg", "f1", "blue", "mesh=none");
        Completed emptied = apply("blue");
        assertThat(emptied.result().json().at("/properties/status/state").asString()).isEqualTo("NotConnected");
        assertThat(member("c1").has("meshProperties")).isFalse();
        Response deleted = call("DELETE", profilePath("rg", "f1", "blue"), PREVIEW).send();
        assertThat(deleted.status()).as("an empty profile is deleted at once").isEqualTo(204);
        assertThat(call("GET", profilePath("rg", "f1", "blue"), PREVIEW).send().status()).isEqualTo(404);
    }

    @Test
    void aMemberOfAnotherMeshIsLeftOutNamingThatMesh() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "d1", "{\"mesh\":\"blue\",\"team\":\"x\"}");
        createProfile("rg", "f1", "blue", "mesh=blue");
        createProfile("rg", "f1", "team", "team=x");
        apply("blue");
        Completed applied = apply("team");
        JsonNode status = applied.result().json().at("/properties/status");
        assertThat(status.path("state").asString()).isEqualTo("NotConnected");
        assertThat(status.at("/lastOperationError/details/0/message").asString()).contains("'blue'");
        assertThat(member("d1").at("/meshProperties/clusterMeshProfileResourceId").asString()).endsWith("/blue");
    }

    @Test
    void applyHonoursIfMatchAndAnswersForUnknownProfiles() {
        createFleet("rg", "f1");
        createProfile("rg", "f1", "blue", "mesh=blue");
        Response stale = call("POST", profilePath("rg", "f1", "blue") + "/apply", PREVIEW).header("If-Match", "\"nope\"").send();
        assertThat(stale.status()).isEqualTo(412);
        assertThat(call("POST", profilePath("rg", "f1", "nope") + "/apply", PREVIEW).send().status()).isEqualTo(404);
        Completed applied = apply("blue");
        assertThat(applied.accepted().status()).isEqualTo(200);
        assertThat(applied.accepted().json().at("/properties/status/lastAppliedMemberSelector/byLabel").asString())
                .isEqualTo("mesh=blue");
        assertThat(applied.accepted().json().at("/properties/provisioningState").asString()).isEqualTo("Succeeded");
        assertThat(applied.operation().path("percentComplete").asDouble()).isEqualTo(100.0);
    }

    @Test
    void applyAnswersAtOnceWithTheProfileApplyingWhileItsOperationRunsAndReportsInProgress() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "s1", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");
        cluster("s1-aks").kubernetes().down();
        try {
            Response applying = call("POST", profilePath("rg", "f1", "blue") + "/apply", PREVIEW).send();
            assertThat(applying.status()).isEqualTo(200);
            assertThat(applying.json().at("/properties/status/state").asString()).isEqualTo("Applying");
            String operationId = applying.json().at("/properties/status/lastOperationId").asString();
            JsonNode running = call("GET", "/subscriptions/" + subscription + "/providers/Microsoft.ContainerService/locations/"
                    + "westus/operationStatuses/" + operationId, PREVIEW).send().json();
            assertThat(running.path("status").asString()).isEqualTo("InProgress");
            assertThat(call("GET", profilePath("rg", "f1", "blue"), PREVIEW).send().json()
                    .at("/properties/status/state").asString()).isEqualTo("Applying");
        } finally {
            cluster("s1-aks").kubernetes().up();
        }
        assertThat(apply("blue").result().json().at("/properties/status/state").asString()).isNotEqualTo("Applying");
    }

    @Test
    void eachMembersServerCertificateVerifiesAgainstItsMeshCaWithTheNamesCiliumNeeds() throws Exception {
        createFleet("rg", "f1");
        createMember("rg", "f1", "e1", MESH);
        createMember("rg", "f1", "e2", MESH);
        createProfile("rg", "f1", "blue", "mesh=blue");
        Completed applied = apply("blue");
        assertThat(applied.result().text()).doesNotContain("PRIVATE KEY");

        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509Certificate firstCa = null;
        for (String name : List.of("e1", "e2")) {
            KubernetesClient client = cluster(name + "-aks").kubernetes().client();
            X509Certificate ca = certificate(x509, secretText(client, "clustermesh-apiserver-server-cert", "ca.crt"));
            X509Certificate server = certificate(x509, secretText(client, "clustermesh-apiserver-server-cert", "tls.crt"));
            PKIXParameters trust = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            trust.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(x509.generateCertPath(List.of(server)), trust);
            assertThat(server.getSubjectX500Principal().getName()).contains("CN=clustermesh-apiserver.cilium.io");
            assertThat(server.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList()).contains(
                    "clustermesh-apiserver.cilium.io", "*.mesh.cilium.io", "clustermesh-apiserver.kube-system.svc",
                    "127.0.0.1");
            X509Certificate remote = certificate(x509, secretText(client, "clustermesh-apiserver-remote-cert", "tls.crt"));
            assertThat(remote.getSubjectX500Principal().getName()).contains("CN=remote-" + ciliumName(name));
            assertThat(secretText(client, "clustermesh-apiserver-server-cert", "tls.key")).contains("PRIVATE KEY");
            if (firstCa == null) {
                firstCa = ca;
            } else {
                assertThat(ca).as("one CA per mesh").isEqualTo(firstCa);
            }
            assertThat(member(name).toString()).doesNotContain("PRIVATE KEY");
        }
    }

    private static X509Certificate certificate(CertificateFactory x509, String pem) throws Exception {
        return (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private Completed apply(String profile) {
        return applyProfile("rg", "f1", profile);
    }


    private String ciliumName(String member) {
        return member(member).at("/meshProperties/ciliumProperties/name").asString();
    }

    private Map<String, Integer> meshOf(String name) {
        JsonNode cilium = member(name).at("/meshProperties/ciliumProperties");
        return Map.of(cilium.path("name").asString(), cilium.path("id").asInt());
    }

    /** The peers the member's KVStoreMesh connects to. */
    private List<String> peersOn(String member) {
        Secret secret = cluster(member + "-aks").kubernetes().client().secrets().inNamespace("kube-system")
                .withName("cilium-kvstoremesh").get();
        return secret == null || secret.getData() == null ? List.of() : new ArrayList<>(secret.getData().keySet());
    }

    private static Map<String, String> configMap(KubernetesClient client, String name) {
        ConfigMap map = client.configMaps().inNamespace("kube-system").withName(name).get();
        return map.getData();
    }

    private static Service service(SimulatedCluster cluster) {
        return cluster.kubernetes().client().services().inNamespace("kube-system").withName("clustermesh-apiserver").get();
    }

    /** The clustermesh-apiserver pod's hostAliases, as "ip name" lines. */
    private static List<String> hostAliases(KubernetesClient client) {
        return client.apps().deployments().inNamespace("kube-system").withName("clustermesh-apiserver").get().getSpec()
                .getTemplate().getSpec().getHostAliases().stream()
                .map(alias -> alias.getIp() + " " + String.join(" ", alias.getHostnames())).toList();
    }

    private static String secretText(KubernetesClient client, String secret, String key) {
        return new String(Base64.getDecoder().decode(client.secrets().inNamespace("kube-system").withName(secret).get()
                .getData().get(key)), StandardCharsets.UTF_8);
    }
}
