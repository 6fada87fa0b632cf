package org.fleetmesh.rp.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.fleetmesh.rp.mesh.domain.AgentsMeshView;
import org.fleetmesh.rp.mesh.domain.CiliumAgents;
import org.fleetmesh.rp.mesh.domain.MeshObjects;
import org.jspecify.annotations.Nullable;

/**
 * A member's Cilium agents, which AKS runs: their DaemonSet's image and rollout, their restart for a new cluster
 * identity (one pod-template annotation, as {@code kubectl rollout restart} patches it), and what each agent reports of
 * the mesh on its metrics port, read through the API server's pod proxy.
 */
final class CiliumAgentPods {

    /** AKS's {@code prometheus-serve-addr: :9962} in {@code cilium-config}. */
    static final int AGENT_METRICS_PORT = 9962;
    private static final String NAMESPACE = MeshObjects.NAMESPACE;
    private static final Map<String, String> AGENT_PODS = Map.of("k8s-app", "cilium");

    private final KubernetesClient client;

    CiliumAgentPods(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Each running agent's mesh metrics, by its node. An agent whose metrics cannot be read through the pod proxy (a
     * node going away, a cluster that does not serve them) is left out rather than failing the whole reading.
     */
    AgentsMeshView meshView() {
        Map<String, String> metricsByNode = new TreeMap<>();
        for (Pod pod : client.pods().inNamespace(NAMESPACE).withLabels(AGENT_PODS).list().getItems()) {
            if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
                continue;
            }
            String node = pod.getSpec() != null && pod.getSpec().getNodeName() != null ? pod.getSpec().getNodeName()
                    : pod.getMetadata().getName();
            try {
                metricsByNode.put(node, Objects.requireNonNullElse(client.raw("/api/v1/namespaces/" + NAMESPACE + "/pods/"
                        + pod.getMetadata().getName() + ":" + AGENT_METRICS_PORT + "/proxy/metrics"), ""));
            } catch (KubernetesClientException unreadable) {
                if (unreadable.getCode() < 400) {
                    throw unreadable;
                }
            }
        }
        return AgentsMeshView.parse(metricsByNode);
    }

    /** The agents' DaemonSet as the service reads it; empty when the cluster runs none. */
    Optional<CiliumAgents> agents() {
        DaemonSet agents = client.apps().daemonSets().inNamespace(NAMESPACE).withName(CiliumAgents.DAEMON_SET).get();
        if (agents == null || agents.getSpec() == null || agents.getSpec().getTemplate() == null) {
            return Optional.empty();
        }
        PodTemplateSpec template = agents.getSpec().getTemplate();
        String image = template.getSpec() == null ? null : template.getSpec().getContainers().stream()
                .filter(container -> CiliumAgents.AGENT_CONTAINER.equals(container.getName()))
                .map(Container::getImage).findFirst().orElse(null);
        return Optional.of(new CiliumAgents(image, restartedFor(template), rolledOut(agents)));
    }

    /** Restarts the agents and the operator for {@code identity}, as {@code kubectl rollout restart}; the writes. */
    int restart(String identity) {
        // A merge patch of one pod-template annotation, as kubectl rollout restart sends: AKS owns the rest.
        String patch = client.getKubernetesSerialization().asJson(Map.of("spec", Map.of("template", Map.of("metadata",
                Map.of("annotations", Map.of(CiliumAgents.RESTARTED_FOR, identity))))));
        int writes = 0;
        DaemonSet agents = client.apps().daemonSets().inNamespace(NAMESPACE).withName(CiliumAgents.DAEMON_SET).get();
        if (agents != null && !identity.equals(restartedFor(agents.getSpec().getTemplate()))) {
            client.apps().daemonSets().inNamespace(NAMESPACE).withName(CiliumAgents.DAEMON_SET)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            writes++;
        }
        Deployment operator = client.apps().deployments().inNamespace(NAMESPACE).withName(CiliumAgents.OPERATOR).get();
        if (operator != null && !identity.equals(restartedFor(operator.getSpec().getTemplate()))) {
            client.apps().deployments().inNamespace(NAMESPACE).withName(CiliumAgents.OPERATOR)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            writes++;
        }
        return writes;
    }

    private static @Nullable String restartedFor(@Nullable PodTemplateSpec template) {
        if (template == null || template.getMetadata() == null || template.getMetadata().getAnnotations() == null) {
            return null;
        }
        return template.getMetadata().getAnnotations().get(CiliumAgents.RESTARTED_FOR);
    }

    /** What {@code kubectl rollout status daemonset} waits for: the controller saw the template, and every pod is new and available. */
    static boolean rolledOut(DaemonSet agents) {
        DaemonSetStatus status = agents.getStatus();
        if (status == null) {
            return false;
        }
        long generation = agents.getMetadata().getGeneration() == null ? 0 : agents.getMetadata().getGeneration();
        long observed = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
        int desired = Objects.requireNonNullElse(status.getDesiredNumberScheduled(), 0);
        return observed >= generation && Objects.requireNonNullElse(status.getUpdatedNumberScheduled(), 0) >= desired
                && Objects.requireNonNullElse(status.getNumberAvailable(), 0) >= desired;
    }
}
