package org.fleetmesh.simulator;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
  * Plays the DaemonSet and Deployment controllers for the workloads a client writes: a write that changes a pod
  * template (a {@code kubectl rollout restart}, a new image), whose {@code metadata.generation} the store bumps as the
  * API server does, starts a rollout; the rollout ends after the rollout delay, when every pod runs the new template
  * and is available. Until then the status says so, as {@code kubectl rollout status} reads it.
  *
  * <p>The clustermesh-apiserver's pod is judged as a kubelet would run it ({@link ApiServerPodCheck}): its Deployment
  * becomes Available only when its pod would run, and its pod (one replica, kept in the store) shows why it does not,
  * as {@code kubectl get pods} and {@code describe} would: a crash-looping container with its last log line, or a pod
  * stuck in ContainerCreating with the volume it cannot mount. It is judged again whenever a Secret or ConfigMap of the
  * namespace is written, as the kubelet retries mounts.
  */
final class WorkloadController implements AutoCloseable {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    static final String API_SERVER_PATH = "/apis/apps/v1/namespaces/kube-system/deployments/clustermesh-apiserver";
    private static final String PODS = "/api/v1/namespaces/kube-system/pods";

    private final SimulatedApiServerDispatcher apiServer;
    private final Map<String, String> templates = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> rollouts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "simulated-workload-controller");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Duration delay = Duration.ZERO;
    private volatile String apiServerFault;
    private volatile String apiServerPod;
    private final List<String> agentPodNames = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean agentPodsFrozen;
    /** The annotation on a simulated agent pod with the cluster identity in {@code cilium-config} when it started. */
    static final String IDENTITY_AT_START = "simulator.fleetmesh.dev/cluster-identity-at-start";

    WorkloadController(SimulatedApiServerDispatcher apiServer) {
        this.apiServer = apiServer;
        apiServer.onWorkloadWritten(this::workloadWritten);
        apiServer.onVolumeSourceWritten(this::volumeSourceWritten);
    }

    /**
      * Makes the clustermesh-apiserver's kvstoremesh container crash with {@code message} whatever its spec, as a
      * member whose apiserver never becomes Available (a node problem, a policy that blocks it); null ends the fault.
      */
    void breakApiServer(String message) {
        apiServerFault = message;
        volumeSourceWritten();
    }

    /** Remembers a seeded workload's template, so only a later change of it rolls. */
    void seeded(String path, JsonNode workload) {
        templates.put(path, workload.path("spec").path("template").toString());
        if (path.equals(AksCilium.DAEMON_SET_PATH)) {
            agentPods(workload);
        }
    }

    /**
     * While true, a rollout of the agents' DaemonSet is reported done but replaces none of its pods, as when the
     * kubelets of its nodes do not act on it: the agents keep what they read when they started.
     */
    void freezeAgentPods(boolean value) {
        agentPodsFrozen = value;
    }

    /**
     * Replaces the agents' pods, one per node, with pods of the DaemonSet's current template. Each records the cluster
     * identity {@code cilium-config} held when it started, which is the one its agent uses (Cilium reads it only then).
     */
    private void agentPods(JsonNode daemonSet) {
        if (agentPodsFrozen && !agentPodNames.isEmpty()) {
            return;
        }
        MockResponse config = apiServer.inStore(HttpMethod.GET, "/api/v1/namespaces/kube-system/configmaps/cilium-config",
                "application/json", "");
        JsonNode data = config.code() == 200 ? JSON.readTree(config.getBody().getBytes()).path("data") : JSON.createObjectNode();
        String identity = data.path("cluster-name").asString("") + "/" + data.path("cluster-id").asString("");
        agentPodNames.forEach(name -> apiServer.inStore(HttpMethod.DELETE, PODS + "/" + name, "application/json", ""));
        agentPodNames.clear();
        JsonNode template = daemonSet.path("spec").path("template");
        String revision = Integer.toHexString(template.toString().hashCode() & 0xfffff);
        int nodes = daemonSet.path("status").path("desiredNumberScheduled").asInt(0);
        for (int node = 0; node < nodes; node++) {
            String name = "cilium-" + revision + "-" + node;
            ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
            ObjectNode metadata = pod.putObject("metadata").put("name", name).put("namespace", "kube-system");
            metadata.set("labels", template.path("metadata").path("labels"));
            ObjectNode annotations = template.path("metadata").path("annotations").isObject()
                    ? ((ObjectNode) template.path("metadata").path("annotations")).deepCopy() : JSON.createObjectNode();
            metadata.set("annotations", annotations.put(IDENTITY_AT_START, identity));
            pod.putObject("spec").put("nodeName", "aks-nodepool1-" + (10000000 + node) + "-vmss00000" + node);
            pod.putObject("status").put("phase", "Running");
            apiServer.inStore(HttpMethod.POST, PODS, "application/json", JSON.writeValueAsString(pod));
            agentPodNames.add(name);
        }
    }

    void setDelay(Duration value) {
        delay = value;
    }

    /** Rollouts clients (not the simulator's observer) started on the workload at {@code path}. */
    int rollouts(String path) {
        AtomicInteger count = rollouts.get(path);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** Called under the store's lock, before the client gets its answer, as the API server bumps the generation. */
    private void workloadWritten(String path, JsonNode workload, boolean byClient) {
        String template = workload.path("spec").path("template").toString();
        boolean statusCurrent = workload.path("status").path("observedGeneration").asLong(-1)
                == workload.path("metadata").path("generation").asLong(0);
        // Unchanged and already reported on: nothing rolls. A workload deleted and created again has no status yet.
        if (template.equals(templates.put(path, template)) && statusCurrent) {
            return;
        }
        if (byClient) {
            rollouts.computeIfAbsent(path, key -> new AtomicInteger()).incrementAndGet();
        }
        // The store bumped the generation with the template, as the API server does.
        long generation = workload.path("metadata").path("generation").asLong(0);
        setStatus(path, workload, generation, false);
        Duration wait = delay;
        if (wait.isZero()) {
            setStatus(path, workload, generation, true);
        } else {
            scheduler.schedule(() -> setStatus(path, workload, generation, true), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A Secret or ConfigMap changed: the kubelet mounts again, so a rolled-out apiserver is judged again. */
    private void volumeSourceWritten() {
        MockResponse current = apiServer.inStore(HttpMethod.GET, API_SERVER_PATH, "application/json", "");
        if (current.code() != 200) {
            return;
        }
        JsonNode deployment = JSON.readTree(current.getBody().getBytes());
        long generation = deployment.path("metadata").path("generation").asLong(0);
        if (deployment.path("status").path("observedGeneration").asLong(-1) == generation
                && deployment.path("status").path("updatedReplicas").asInt(0) == deployment.path("spec").path("replicas").asInt(1)) {
            setStatus(API_SERVER_PATH, deployment, generation, true);
        }
    }

    /** Replaces the apiserver's pod with one that runs the Deployment's template, as the kubelet runs it; why it does not. */
    private ApiServerPodCheck.Problem apiServerPod(JsonNode deployment) {
        JsonNode template = deployment.path("spec").path("template");
        ApiServerPodCheck.Problem problem = ApiServerPodCheck.problemOf(template.path("spec"), objectPath -> {
            MockResponse stored = apiServer.inStore(HttpMethod.GET, objectPath, "application/json", "");
            return stored.code() == 200 ? JSON.readTree(stored.getBody().getBytes()) : null;
        }).orElse(null);
        String fault = apiServerFault;
        if (problem == null && fault != null) {
            problem = new ApiServerPodCheck.Problem("kvstoremesh", "CrashLoopBackOff", fault);
        }
        String name = "clustermesh-apiserver-" + Integer.toHexString(template.toString().hashCode() & 0xfffffff);
        String previous = apiServerPod;
        if (previous != null) {
            apiServer.inStore(HttpMethod.DELETE, PODS + "/" + previous, "application/json", "");
        }
        ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", name).put("namespace", "kube-system");
        metadata.set("labels", template.path("metadata").path("labels"));
        pod.set("spec", template.path("spec"));
        ObjectNode status = pod.putObject("status").put("phase", problem != null
                && problem.reason().equals("ContainerCreating") ? "Pending" : "Running");
        var statuses = status.putArray("containerStatuses");
        for (JsonNode container : template.path("spec").path("containers")) {
            String containerName = container.path("name").asString();
            ObjectNode containerStatus = statuses.addObject().put("name", containerName)
                    .put("image", container.path("image").asString());
            boolean failing = problem != null && (problem.container().isEmpty() || problem.container().equals(containerName));
            containerStatus.put("ready", !failing).put("restartCount", failing && problem.reason().equals("CrashLoopBackOff") ? 5 : 0);
            if (!failing) {
                containerStatus.putObject("state").putObject("running");
            } else if (problem.reason().equals("CrashLoopBackOff")) {
                containerStatus.putObject("state").putObject("waiting").put("reason", "CrashLoopBackOff")
                        .put("message", "back-off 5m0s restarting failed container=" + containerName + " pod=" + name);
                // The chart's terminationMessagePolicy FallbackToLogsOnError puts the log's end here.
                containerStatus.putObject("lastState").putObject("terminated").put("exitCode", 1).put("reason", "Error")
                        .put("message", problem.message());
            } else {
                containerStatus.putObject("state").putObject("waiting").put("reason", problem.reason())
                        .put("message", problem.message());
            }
        }
        apiServer.inStore(HttpMethod.POST, PODS, "application/json", JSON.writeValueAsString(pod));
        apiServerPod = name;
        return problem;
    }

    private void setStatus(String path, JsonNode workload, long generation, boolean rolledOut) {
        MockResponse current = apiServer.inStore(HttpMethod.GET, path, "application/json", "");
        // A later write started a newer rollout, or the workload is gone: this one has nothing left to report.
        if (current.code() != 200
                || JSON.readTree(current.getBody().getBytes()).path("metadata").path("generation").asLong(0) != generation) {
            return;
        }
        ObjectNode status = JSON.createObjectNode().put("observedGeneration", generation);
        if ("DaemonSet".equals(workload.path("kind").asString())) {
            int desired = workload.path("status").path("desiredNumberScheduled").asInt(0);
            if (rolledOut && path.equals(AksCilium.DAEMON_SET_PATH)) {
                agentPods(JSON.readTree(current.getBody().getBytes()));
            }
            status.put("desiredNumberScheduled", desired).put("currentNumberScheduled", desired)
                    .put("updatedNumberScheduled", rolledOut ? desired : 0).put("numberReady", desired)
                    .put("numberAvailable", rolledOut ? desired : Math.max(0, desired - 1));
        } else {
            int replicas = workload.path("spec").path("replicas").asInt(1);
            ApiServerPodCheck.Problem problem = path.equals(API_SERVER_PATH) && rolledOut
                    ? apiServerPod(JSON.readTree(current.getBody().getBytes())) : null;
            int available = problem == null ? replicas : 0;
            status.put("replicas", replicas).put("updatedReplicas", rolledOut ? replicas : 0)
                    .put("readyReplicas", available).put("availableReplicas", available)
                    .put("unavailableReplicas", replicas - available);
            status.putArray("conditions").addObject().put("type", "Available")
                    .put("status", problem == null ? "True" : "False")
                    .put("reason", problem == null ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                    .put("message", problem == null ? "Deployment has minimum availability."
                            : "Deployment does not have minimum availability.");
        }
        // A JSON patch replaces the status whole: the store's merge patch would append to its lists (conditions).
        ObjectNode replace = JSON.createObjectNode().put("op", "add").put("path", "/status");
        replace.set("value", status);
        apiServer.inStore(HttpMethod.PATCH, path + "/status", "application/json-patch+json",
                JSON.writeValueAsString(JSON.createArrayNode().add(replace)));
    }
}
