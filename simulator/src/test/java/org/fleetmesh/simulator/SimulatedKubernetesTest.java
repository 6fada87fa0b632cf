package org.fleetmesh.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatedKubernetesTest {

    private static final String MANAGER = "fleetmesh";

    private SimulatedKubernetes kubernetes;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        kubernetes = SimulatedKubernetes.start();
        Config config = Config.fromKubeconfig(kubernetes.kubeconfig());
        config.setRequestRetryBackoffLimit(0);
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void stop() {
        client.close();
        kubernetes.close();
    }

    @Test
    void seedsCiliumConfigWithoutCountingItAsAWrite() {
        ConfigMap ciliumConfig = client.configMaps().inNamespace("kube-system").withName("cilium-config").get();

        assertThat(ciliumConfig.getData()).containsEntry("cluster-name", "default").containsEntry("cluster-id", "0");
        assertThat(client.namespaces().withName("kube-system").get()).isNotNull();
        assertThat(kubernetes.writeCount()).isZero();
        assertThat(kubernetes.readCount()).isEqualTo(2);
    }

    @Test
    void serverSideApplyCreatesThenMergesAndCountsEachClientWrite() {
        ConfigMap first = applied(configMap(Map.of("a", "1")));
        ConfigMap again = applied(configMap(Map.of("a", "1")));
        ConfigMap changed = applied(configMap(Map.of("a", "2", "b", "3")));

        assertThat(first.getMetadata().getUid()).isNotBlank();
        assertThat(again.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
        assertThat(again.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
        assertThat(changed.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "2", "b", "3"));
        assertThat(kubernetes.client().configMaps().inNamespace("default").withName("mesh").get().getData())
                .containsEntry("b", "3");
        assertThat(kubernetes.writeCount()).isEqualTo(3);
        assertThat(kubernetes.writesByRequest()).containsExactly(Map.entry("PATCH /api/v1/namespaces/default/configmaps/mesh", 3));
    }

    @Test
    void aDataKeyAManagerStopsApplyingIsRemovedUnlessAnotherManagerAppliesIt() {
        applied(configMap(Map.of("a", "1", "b", "2")));
        client.resource(configMap(Map.of("c", "3"))).fieldManager("other").forceConflicts().serverSideApply();
        ConfigMap dropped = applied(configMap(Map.of("a", "1")));
        assertThat(dropped.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "c", "3"));

        Secret secret = new SecretBuilder().withNewMetadata().withName("peers").withNamespace("default").endMetadata()
                .addToData("x", "eA==").addToData("y", "eQ==").build();
        client.resource(secret).fieldManager(MANAGER).forceConflicts().serverSideApply();
        secret.getData().remove("y");
        Secret after = client.resource(secret).fieldManager(MANAGER).forceConflicts().serverSideApply();
        assertThat(after.getData()).containsOnlyKeys("x");
    }

    @Test
    void serverSideApplyWorksForSecretsDeploymentsAndServices() {
        Secret secret = client.resource(new SecretBuilder().withNewMetadata().withName("tls").withNamespace("kube-system")
                        .endMetadata().addToStringData("ca.crt", "pem").build())
                .fieldManager(MANAGER).forceConflicts().serverSideApply();
        Deployment deployment = client.resource(new DeploymentBuilder().withNewMetadata().withName("clustermesh-apiserver")
                        .withNamespace("kube-system").endMetadata().withNewSpec().withReplicas(1).endSpec().build())
                .fieldManager(MANAGER).forceConflicts().serverSideApply();
        Service service = client.resource(clusterIpService("plain")).fieldManager(MANAGER).forceConflicts().serverSideApply();

        assertThat(secret.getMetadata().getUid()).isNotBlank();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(kubernetes.writeCount()).isEqualTo(3);
    }

    @Test
    void mergePatchAndDeleteWork() {
        client.resource(configMap(Map.of("a", "1"))).create();

        client.configMaps().inNamespace("default").withName("mesh")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"b\":\"2\"}}");
        ConfigMap patched = kubernetes.client().configMaps().inNamespace("default").withName("mesh").get();
        client.configMaps().inNamespace("default").withName("mesh").delete();

        assertThat(patched.getData()).containsEntry("a", "1").containsEntry("b", "2");
        assertThat(kubernetes.client().configMaps().inNamespace("default").withName("mesh").get()).isNull();
        assertThat(kubernetes.writesByRequest()).containsExactly(
                Map.entry("DELETE /api/v1/namespaces/default/configmaps/mesh", 1),
                Map.entry("PATCH /api/v1/namespaces/default/configmaps/mesh", 1),
                Map.entry("POST /api/v1/namespaces/default/configmaps", 1));
    }

    @Test
    void bytesWrittenSumsTheBodiesOfClientWritesOnly() {
        String patch = "{\"data\":{\"b\":\"2\"}}";
        kubernetes.client().resource(configMap(Map.of("a", "1"))).create();

        client.configMaps().inNamespace("default").withName("mesh").patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        client.configMaps().inNamespace("default").withName("mesh").get();

        assertThat(kubernetes.bytesWritten()).isEqualTo(patch.length());
        kubernetes.resetCounts();
        assertThat(kubernetes.bytesWritten()).isZero();
    }

    @Test
    void clientRequestsTellWhenEachCameAndItsBodiesSizes() {
        String patch = "{\"data\":{\"b\":\"2\"}}";
        kubernetes.client().resource(configMap(Map.of("a", "1"))).create();
        long before = System.currentTimeMillis();

        client.configMaps().inNamespace("default").withName("mesh").patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        client.configMaps().inNamespace("default").withName("mesh").get();

        // fabric8 reads the object before it patches it.
        assertThat(kubernetes.clientRequests()).hasSize(3).allSatisfy(request -> {
            assertThat(request.atEpochMilli()).isBetween(before, System.currentTimeMillis());
            assertThat(request.path()).isEqualTo("/api/v1/namespaces/default/configmaps/mesh");
            assertThat(request.responseBytes()).isPositive();
        });
        assertThat(kubernetes.clientRequests()).extracting(ClientRequest::method, ClientRequest::requestBytes)
                .containsExactly(tuple("GET", 0L), tuple("PATCH", (long) patch.length()), tuple("GET", 0L));
    }

    @Test
    void loadBalancerServiceGetsAnInternalAddressWithoutAnExtraWrite() {
        client.resource(loadBalancerService("clustermesh-apiserver")).fieldManager(MANAGER).forceConflicts().serverSideApply();

        Service stored = kubernetes.client().services().inNamespace("kube-system").withName("clustermesh-apiserver").get();

        assertThat(stored.getStatus().getLoadBalancer().getIngress()).singleElement()
                .satisfies(ingress -> assertThat(ingress.getIp()).startsWith("10."));
        assertThat(kubernetes.writeCount()).isEqualTo(1);
    }

    @Test
    void delayedLoadBalancerAddressAppearsLaterAndSurvivesReapply() {
        // Long enough that a loaded build machine still reads the Service before the address comes. The address is
        // polled for, as the service does: the mock server's watches are not what is tested here.
        kubernetes.setLoadBalancerDelay(Duration.ofSeconds(1));
        client.resource(loadBalancerService("delayed")).fieldManager(MANAGER).forceConflicts().serverSideApply();

        assertThat(ingressOf("delayed")).isEmpty();
        String address = awaitIngress("delayed", Duration.ofSeconds(15));
        client.resource(loadBalancerService("delayed")).fieldManager(MANAGER).forceConflicts().serverSideApply();

        assertThat(ingressOf("delayed")).isEqualTo(address);
    }

    @Test
    void suppressedLoadBalancerNeverGetsAnAddress() {
        kubernetes.suppressLoadBalancer(true);

        client.resource(loadBalancerService("never")).fieldManager(MANAGER).forceConflicts().serverSideApply();

        assertThat(ingressOf("never")).isEmpty();
    }

    @Test
    void downRefusesConnectionsFastAndUpRestoresTheStoredObjects() {
        client.resource(configMap(Map.of("a", "1"))).create();

        kubernetes.down();
        long startedAt = System.nanoTime();
        assertThatThrownBy(() -> client.configMaps().inNamespace("default").withName("mesh").get())
                .isInstanceOf(KubernetesClientException.class);
        Duration failedAfter = Duration.ofNanos(System.nanoTime() - startedAt);
        kubernetes.up();

        assertThat(failedAfter).isLessThan(Duration.ofSeconds(2));
        assertThat(client.configMaps().inNamespace("default").withName("mesh").get().getData()).containsEntry("a", "1");
    }

    @Test
    void latencyDelaysClientAnswersButNotTheObserver() {
        kubernetes.setLatency(Duration.ofMillis(300));

        long startedAt = System.nanoTime();
        client.configMaps().inNamespace("kube-system").withName("cilium-config").get();
        Duration clientTook = Duration.ofNanos(System.nanoTime() - startedAt);
        startedAt = System.nanoTime();
        kubernetes.client().configMaps().inNamespace("kube-system").withName("cilium-config").get();
        Duration observerTook = Duration.ofNanos(System.nanoTime() - startedAt);

        assertThat(clientTook).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(observerTook).isLessThan(Duration.ofMillis(300));
    }

    private ConfigMap applied(ConfigMap configMap) {
        return client.resource(configMap).fieldManager(MANAGER).forceConflicts().serverSideApply();
    }

    private String awaitIngress(String serviceName, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        String address = ingressOf(serviceName);
        while (address.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            address = ingressOf(serviceName);
        }
        assertThat(address).as("an address for %s within %s", serviceName, atMost).isNotEmpty();
        return address;
    }

    private String ingressOf(String serviceName) {
        return firstIngressIp(kubernetes.client().services().inNamespace("kube-system").withName(serviceName).get());
    }

    private static String firstIngressIp(Service service) {
        // The API server omits an empty status, so a Service without an address may have none at all.
        if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress().isEmpty()) {
            return "";
        }
        return service.getStatus().getLoadBalancer().getIngress().get(0).getIp();
    }

    private static ConfigMap configMap(Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName("mesh").withNamespace("default").endMetadata()
                .withData(data).build();
    }

    private static Service clusterIpService(String name) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("kube-system").endMetadata()
                .withNewSpec().withType("ClusterIP").addNewPort().withPort(2379).endPort().endSpec().build();
    }

    private static Service loadBalancerService(String name) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("kube-system")
                .addToAnnotations("service.beta.kubernetes.io/azure-load-balancer-internal", "true").endMetadata()
                .withNewSpec().withType("LoadBalancer").addNewPort().withPort(2379).endPort().endSpec().build();
    }
}
