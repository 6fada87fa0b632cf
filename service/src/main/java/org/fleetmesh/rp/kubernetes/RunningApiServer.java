package org.fleetmesh.rp.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.mesh.domain.KvstoreMeshReport;
import org.fleetmesh.rp.mesh.domain.MeshObjects;

/**
 * The clustermesh-apiserver as it runs on a member, read through the member's API server: its Deployment's rollout,
 * what keeps its pod's containers from running, and what KVStoreMesh in it reports of each peer. Reads only.
 */
final class RunningApiServer {

    /** The chart's {@code --prometheus-serve-addr=:9964} of the kvstoremesh container. */
    static final int KVSTOREMESH_METRICS_PORT = 9964;
    private static final int LOG_LINES = 500;
    private static final String NAMESPACE = MeshObjects.NAMESPACE;

    private final KubernetesClient client;
    private final String clusterResourceId;

    RunningApiServer(KubernetesClient client, String clusterResourceId) {
        this.client = client;
        this.clusterResourceId = clusterResourceId;
    }

    /**
     * Why the clustermesh-apiserver is not running as its Deployment wants; empty once the Deployment has rolled out its
     * current template and is Available.
     */
    Optional<String> problem() {
        Deployment deployment = current();
        if (deployment == null) {
            return Optional.of("its Deployment " + MeshObjects.ApiServer.NAME + " does not exist");
        }
        if (available(deployment)) {
            return Optional.empty();
        }
        List<Pod> pods = client.pods().inNamespace(NAMESPACE)
                .withLabels(deployment.getSpec().getSelector().getMatchLabels()).list().getItems();
        return Optional.of(pods.stream().flatMap(pod -> podProblems(pod).stream()).findFirst()
                .orElse("its Deployment has not rolled out an available pod yet"));
    }

    /** What KVStoreMesh in the running pod reports of each peer, by Cilium cluster name. */
    Map<String, KvstoreMeshReport.PeerReadiness> kvstoreMeshPeers() {
        Deployment deployment = current();
        Pod pod = deployment == null ? null : client.pods().inNamespace(NAMESPACE)
                .withLabels(deployment.getSpec().getSelector().getMatchLabels()).list().getItems().stream()
                .filter(candidate -> candidate.getStatus() != null && "Running".equals(candidate.getStatus().getPhase()))
                .findFirst().orElse(null);
        if (pod == null) {
            throw notReporting("no clustermesh-apiserver pod is running");
        }
        String podPath = "/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod.getMetadata().getName();
        try {
            // The pod proxy needs only 'get pods/proxy', which AKS's RBAC grants without exec rights.
            String metrics = Objects.requireNonNullElse(client.raw(podPath + ":" + KVSTOREMESH_METRICS_PORT
                    + "/proxy/metrics"), "");
            String log = KvstoreMeshReport.anyNotReady(metrics)
                    ? client.raw(podPath + "/log?container=kvstoremesh&tailLines=" + LOG_LINES) : "";
            return KvstoreMeshReport.parse(metrics, log);
        } catch (KubernetesClientException failure) {
            if (failure.getCode() < 400) {
                throw failure;
            }
            throw notReporting("its metrics (pod " + pod.getMetadata().getName() + ", port " + KVSTOREMESH_METRICS_PORT
                    + ") could not be read through the pod proxy: " + failure.getCode() + " "
                    + (failure.getStatus() != null && failure.getStatus().getMessage() != null
                            ? failure.getStatus().getMessage() : failure.getMessage()));
        }
    }

    private ArmException notReporting(String why) {
        return new ArmException(ErrorCode.MEMBER_CLUSTER_NOT_READY, "KVStoreMesh on cluster '" + clusterResourceId
                + "' does not report its peers: " + why + ". See 'kubectl -n kube-system logs deploy/clustermesh-apiserver "
                + "-c kvstoremesh', then apply again.", null);
    }

    /** What {@code kubectl rollout status deployment} waits for: the current template observed, updated and available. */
    private static boolean available(Deployment deployment) {
        if (deployment.getStatus() == null) {
            return false;
        }
        long generation = deployment.getMetadata().getGeneration() == null ? 0 : deployment.getMetadata().getGeneration();
        long observed = deployment.getStatus().getObservedGeneration() == null ? 0
                : deployment.getStatus().getObservedGeneration();
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        return observed >= generation && Objects.requireNonNullElse(deployment.getStatus().getUpdatedReplicas(), 0) >= replicas
                && Objects.requireNonNullElse(deployment.getStatus().getAvailableReplicas(), 0) >= replicas
                && deployment.getStatus().getConditions().stream()
                        .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Each container that does not run, as {@code kubectl describe pod} tells it, with the last log line if it crashed. */
    private static List<String> podProblems(Pod pod) {
        if (pod.getStatus() == null) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (ContainerStatus container : pod.getStatus().getContainerStatuses()) {
            if (Boolean.TRUE.equals(container.getReady()) || container.getState() == null
                    || container.getState().getWaiting() == null) {
                continue;
            }
            ContainerStateWaiting waiting = container.getState().getWaiting();
            ContainerStateTerminated last = container.getLastState() == null ? null : container.getLastState().getTerminated();
            String detail = last != null && last.getMessage() != null && !last.getMessage().isBlank()
                    ? "exited with " + last.getExitCode() + ": " + last.getMessage().strip()
                    : Objects.requireNonNullElse(waiting.getMessage(), "");
            problems.add("pod " + pod.getMetadata().getName() + ", container " + container.getName() + ": "
                    + waiting.getReason() + (detail.isEmpty() ? "" : " (" + detail + ")"));
        }
        return problems;
    }

    private Deployment current() {
        return client.apps().deployments().inNamespace(NAMESPACE).withName(MeshObjects.ApiServer.NAME).get();
    }
}
