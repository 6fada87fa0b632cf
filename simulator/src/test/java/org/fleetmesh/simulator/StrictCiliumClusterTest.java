package org.fleetmesh.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A simulated member behaves like an AKS cluster running Cilium, and runs only the clustermesh-apiserver Cilium's chart would. */
class StrictCiliumClusterTest {

    private static final String NS = "kube-system";
    private static final String TLS = "kubernetes.io/tls";

    private SimulatedKubernetes kubernetes;

    @AfterEach
    void stop() {
        if (kubernetes != null) {
            kubernetes.close();
        }
    }

    private KubernetesClient start(String ciliumVersion) {
        kubernetes = SimulatedKubernetes.start(SimulatedClusterSpec.meshable("/subscriptions/s/resourceGroups/rg/providers/"
                + "Microsoft.ContainerService/managedClusters/c", "10.1.0.0/16").toBuilder().ciliumVersion(ciliumVersion).build());
        return kubernetes.client();
    }

    @Test
    void aClusterStartsWithAksCiliumOfItsOwnVersion() {
        KubernetesClient client = start("1.17.7");
        DaemonSet agents = client.apps().daemonSets().inNamespace(NS).withName("cilium").get();
        assertThat(agents.getSpec().getTemplate().getSpec().getContainers()).filteredOn(c -> c.getName().equals("cilium-agent"))
                .singleElement().satisfies(c -> assertThat(c.getImage())
                        .isEqualTo("mcr.microsoft.com/containernetworking/cilium/cilium:v1.17.7"));
        assertThat(agents.getStatus().getNumberAvailable()).isEqualTo(3);
        assertThat(client.configMaps().inNamespace(NS).withName("cilium-config").get().getData())
                .containsEntry("cluster-name", "default").containsEntry("cluster-id", "0");
        assertThat(client.apps().deployments().inNamespace(NS).withName("cilium-operator").get()).isNotNull();
        assertThat(kubernetes.writeCount()).isZero();
    }

    @Test
    void aRestartRollsTheAgentsOnceUntilEveryPodIsNew() {
        start("1.18.6");
        // A client of its own, as the service is: the observer's writes roll workloads but are not counted.
        KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubernetes.kubeconfig()))
                .build();
        kubernetes.setRolloutDelay(Duration.ofMillis(300));
        String restart = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"restarted\":\"1\"}}}}}";
        client.apps().daemonSets().inNamespace(NS).withName("cilium").patch(PatchContext.of(PatchType.JSON_MERGE), restart);

        DaemonSet rolling = client.apps().daemonSets().inNamespace(NS).withName("cilium").get();
        assertThat(rolling.getMetadata().getGeneration()).isEqualTo(2);
        assertThat(rolling.getStatus().getObservedGeneration()).isEqualTo(2);
        assertThat(rolling.getStatus().getUpdatedNumberScheduled()).isZero();
        long giveUp = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (client.apps().daemonSets().inNamespace(NS).withName("cilium").get().getStatus().getUpdatedNumberScheduled() < 3
                && System.nanoTime() < giveUp) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertThat(client.apps().daemonSets().inNamespace(NS).withName("cilium").get().getStatus().getNumberAvailable())
                .isEqualTo(3);

        client.apps().daemonSets().inNamespace(NS).withName("cilium").patch(PatchContext.of(PatchType.JSON_MERGE), restart);
        assertThat(kubernetes.agentRollouts()).as("the same template again rolls nothing").isEqualTo(1);
        client.close();
    }

    @Test
    void theChartsPodRunsAndAnUnknownFlagCrashLoopsWithCiliumsOwnError() throws IOException {
        KubernetesClient client = start("1.18.6");
        mountedObjects().forEach(object -> client.resource(object).create());
        PodSpec chartPod = chartPod("1.18");
        client.resource(deployment(chartPod)).create();
        assertThat(available(client)).isTrue();
        assertThat(apiServerPod(client).getStatus().getContainerStatuses()).allMatch(ContainerStatus::getReady);

        PodSpec oldFlags = chartPod("1.18");
        List<String> args = new ArrayList<>(oldFlags.getContainers().get(1).getArgs());
        args.replaceAll(arg -> arg.startsWith("--cluster-users-config-path=")
                ? "--clustermesh-users-config=/var/lib/cilium/etcd-config/users.yaml" : arg);
        oldFlags.getContainers().get(1).setArgs(args);
        client.resource(deployment(oldFlags)).update();

        assertThat(available(client)).isFalse();
        ContainerStatus apiserver = apiServerPod(client).getStatus().getContainerStatuses().stream()
                .filter(c -> c.getName().equals("apiserver")).findFirst().orElseThrow();
        assertThat(apiserver.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(apiserver.getLastState().getTerminated().getMessage())
                .isEqualTo("Error: unknown flag: --clustermesh-users-config");
    }

    @Test
    void anApiServerDeletedAndCreatedAgainWithTheSameSpecRunsAgain() throws IOException {
        KubernetesClient client = start("1.18.6");
        mountedObjects().forEach(object -> client.resource(object).create());
        client.resource(deployment(chartPod("1.18"))).create();
        assertThat(available(client)).isTrue();
        client.apps().deployments().inNamespace(NS).withName("clustermesh-apiserver").delete();
        client.resource(deployment(chartPod("1.18"))).create();
        assertThat(available(client)).isTrue();
    }

    @Test
    void aPodWhoseSecretIsMissingWaitsInContainerCreatingUntilTheSecretAppears() throws IOException {
        KubernetesClient client = start("1.18.6");
        List<HasMetadata> objects = mountedObjects();
        HasMetadata serverCert = objects.remove(0);
        objects.forEach(object -> client.resource(object).create());
        client.resource(deployment(chartPod("1.18"))).create();

        assertThat(available(client)).isFalse();
        assertThat(apiServerPod(client).getStatus().getPhase()).isEqualTo("Pending");
        assertThat(apiServerPod(client).getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage())
                .isEqualTo("MountVolume.SetUp failed for volume \"etcd-server-secrets\" : secret "
                        + "\"clustermesh-apiserver-server-cert\" not found");

        client.resource(serverCert).create();
        assertThat(available(client)).isTrue();
    }

    @Test
    void anApiServerImageOfAnotherMinorVersionIsJudgedByThatVersionsChart() throws IOException {
        KubernetesClient client = start("1.17.7");
        mountedObjects().forEach(object -> client.resource(object).create());
        PodSpec spec118 = chartPod("1.18");
        spec118.getInitContainers().forEach(c -> c.setImage("quay.io/cilium/clustermesh-apiserver:v1.17.18"));
        spec118.getContainers().forEach(c -> c.setImage("quay.io/cilium/clustermesh-apiserver:v1.17.18"));
        client.resource(deployment(spec118)).create();

        assertThat(available(client)).isFalse();
        // 1.17's chart has etcd listen on the pod's IP, which 1.18's does not.
        assertThat(apiServerPod(client).getStatus().getContainerStatuses()).filteredOn(c -> c.getName().equals("etcd"))
                .singleElement().satisfies(etcd -> assertThat(etcd.getLastState().getTerminated().getMessage())
                        .startsWith("started without --listen-client-urls=https://127.0.0.1:2379,https://[$(HOSTNAME_IP)]:2379"));
    }

    private boolean available(KubernetesClient client) {
        Deployment deployment = client.apps().deployments().inNamespace(NS).withName("clustermesh-apiserver").get();
        return deployment.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Available") && c.getStatus().equals("True"));
    }

    private static Pod apiServerPod(KubernetesClient client) {
        List<Pod> pods = client.pods().inNamespace(NS).withLabel("app.kubernetes.io/name", "clustermesh-apiserver").list()
                .getItems();
        assertThat(pods).hasSize(1);
        return pods.get(0);
    }

    private static Deployment deployment(PodSpec spec) {
        return new DeploymentBuilder().withNewMetadata().withName("clustermesh-apiserver").withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("k8s-app", "clustermesh-apiserver")
                .endSelector().withNewTemplate().withNewMetadata()
                .withLabels(Map.of("k8s-app", "clustermesh-apiserver", "app.kubernetes.io/name", "clustermesh-apiserver"))
                .endMetadata().withSpec(spec).endTemplate().endSpec().build();
    }

    private static PodSpec chartPod(String minor) throws IOException {
        try (InputStream in = StrictCiliumClusterTest.class.getClassLoader()
                .getResourceAsStream("cilium-chart/" + minor + "/clustermesh-apiserver-pod.json")) {
            return Serialization.unmarshal(in, PodSpec.class);
        }
    }

    /** What the chart's pod mounts, server certificate first. */
    private static List<HasMetadata> mountedObjects() {
        List<HasMetadata> objects = new ArrayList<>();
        for (String name : List.of("clustermesh-apiserver-server-cert", "clustermesh-apiserver-admin-cert",
                "clustermesh-apiserver-remote-cert")) {
            objects.add(new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().withType(TLS)
                    .withData(Map.of("tls.crt", "Yw==", "tls.key", "aw==", "ca.crt", "YQ==")).build());
        }
        objects.add(new ConfigMapBuilder().withNewMetadata().withName("clustermesh-remote-users").withNamespace(NS)
                .endMetadata().withData(Map.of("users.yaml", "users: []\n")).build());
        return objects;
    }
}
