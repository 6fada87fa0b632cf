package org.fleetmesh.simulator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
  * One member cluster's Kubernetes API server on {@code http://127.0.0.1:<port>}: fabric8's mock server in CRUD mode,
  * with server-side apply, request counting, latency, an outage switch, a cloud controller for LoadBalancer
  * Services and the controllers that roll DaemonSets and Deployments. It starts with what an AKS cluster running
  * Cilium has ({@link AksCilium}): {@code kube-system}, AKS's {@code cilium-config}, the {@code cilium} agent DaemonSet
  * of the cluster's Cilium version and the operator.
  *
  * <p>Counts and latency apply to every client except {@link #client()}, the simulator's own observer for
  * assertions; seeding and the cloud controller's status updates are not client requests and are never counted.
  */
public final class SimulatedKubernetes implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final ObjectMapper SEEDED = JsonMapper.builder().build();

    private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    private final SimulatedApiServerDispatcher dispatcher = new SimulatedApiServerDispatcher(expectations);
    private final SimulatedNetwork network;
    private volatile @Nullable RunningPods runningPods;
    private final CloudController cloudController;
    private final WorkloadController workloadController = new WorkloadController(dispatcher);
    private final String clientToken = UUID.randomUUID().toString().replace("-", "");
    private final int port;
    private KubernetesMockServer server;
    private KubernetesClient observer;

    private SimulatedKubernetes(AksCilium cilium, SimulatedNetwork network) {
        this.network = network;
        this.cloudController = new CloudController(dispatcher, address -> network.assigned(address, this), network::released);
        SimulatedKvstoreMesh kvstoreMesh = new SimulatedKvstoreMesh(this, network);
        dispatcher.onPodSubresource(kvstoreMesh::answer);
        server = listen(0);
        port = server.getPort();
        seedAks(cilium);
    }

    /** Starts an API server on a free loopback port, for a 3-node cluster running Cilium 1.18.6. */
    public static SimulatedKubernetes start() {
        return new SimulatedKubernetes(new AksCilium("1.18.6", 3), new SimulatedNetwork());
    }

    /** Starts the API server of a cluster as {@code spec} describes it: Cilium's agents only with the Cilium dataplane. */
    static SimulatedKubernetes start(SimulatedClusterSpec spec) {
        return start(spec, new SimulatedNetwork());
    }

    /** The same, in {@code network}: the one its peers share. */
    static SimulatedKubernetes start(SimulatedClusterSpec spec, SimulatedNetwork network) {
        return new SimulatedKubernetes("cilium".equalsIgnoreCase(spec.networkDataplane())
                ? new AksCilium(spec.ciliumVersion(), spec.nodeCount()) : null, network);
    }

    /** The stored object (or list) at {@code path}, as the API server holds it now; null when there is none. */
    /** Grows with every change to what this API server stores. */
    long changes() {
        return dispatcher.changes();
    }

    JsonNode stored(String path) {
        MockResponse response = dispatcher.inStore(HttpMethod.GET, path, "application/json", "");
        return response.code() == 200 ? SEEDED.readTree(response.getBody().getBytes()) : null;
    }

    /**
      * What KVStoreMesh in this cluster's clustermesh-apiserver pod reports about each of its peers now, as its metrics
      * and log tell it through the pod proxy: computed from what is stored here and on the peers.
      */
    public List<KvstoreMeshPeer> kvstoreMeshPeers() {
        return new SimulatedKvstoreMesh(this, network).peers().stream()
                .map(peer -> new KvstoreMeshPeer(peer.name(), peer.ready(), peer.error())).toList();
    }

    /** A peer as KVStoreMesh sees it: ready, or the error its last connection ended with. */
    public record KvstoreMeshPeer(String name, boolean ready, String error) {
    }

    /** The API server URL, {@code http://127.0.0.1:<port>}; it stays the same across {@link #down()} and {@link #up()}. */
    public String url() {
        return "http://" + LOOPBACK.getHostAddress() + ":" + port;
    }

    /** A kubeconfig for this server with a static bearer token user; the server accepts any token. */
    public String kubeconfig() {
        return Kubeconfigs.withToken(url(), "simulated", "simulated-admin", clientToken);
    }

    /** The bearer token in {@link #kubeconfig()}. */
    String clientToken() {
        return clientToken;
    }

    /**
      * A client for assertions: its requests are neither counted nor delayed, but like any client it cannot reach
      * the server while it is {@link #down()}. It does not retry, so such a call fails at once.
      */
    public synchronized KubernetesClient client() {
        if (observer == null) {
            Config config = Config.fromKubeconfig(kubeconfig());
            config.setRequestRetryBackoffLimit(0);
            observer = new KubernetesClientBuilder()
                    .withConfig(config)
                    .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("simulator-observer", new ObserverMark()))
                    .build();
        }
        return observer;
    }

    /** Delays every client answer by {@code value}, as a distant or loaded API server would; zero turns it off. */
    public void setLatency(Duration value) {
        dispatcher.setLatency(value);
    }

    /**
      * Makes the API server unreachable: it stops listening, so connections are refused at once (as for a cluster
      * whose API server is down, stopped, or cut off), and open connections are closed. Stored objects are kept.
      */
    public synchronized void down() {
        if (server != null) {
            server.destroy();
            server = null;
        }
    }

    /** Listens again on the same port, with the objects stored before {@link #down()}. */
    public synchronized void up() {
        if (server == null) {
            server = listen(port);
        }
    }

    /** Whether the server is listening. */
    public synchronized boolean isUp() {
        return server != null;
    }

    /** Client write requests (POST, PUT, PATCH, DELETE) since the start or the last {@link #resetCounts()}. */
    public int writeCount() {
        return tally().writes();
    }

    /** Client read requests (GET, including lists and watches) since the start or the last {@link #resetCounts()}. */
    public int readCount() {
        return tally().reads();
    }

    /** Request body bytes of the client writes counted by {@link #writeCount()}. */
    public long bytesWritten() {
        return tally().bytesWritten();
    }

    /** Client writes keyed by {@code "<METHOD> <path>"}, the path without its query string, in path order. */
    public Map<String, Integer> writesByRequest() {
        return tally().writesByRequest();
    }

    /**
     * Every client request since the start or the last {@link #resetCounts()}, oldest first, with its time and body
     * sizes: what the counts above are made of, kept until the reset (tens of bytes a request).
     */
    public List<ClientRequest> clientRequests() {
        return dispatcher.clientRequests();
    }

    private ClientRequest.Tally tally() {
        return ClientRequest.tally(dispatcher.clientRequests());
    }

    /** Forgets the client requests: the counts start again from zero. */
    public void resetCounts() {
        dispatcher.resetCounts();
    }

    /**
      * How many times clients restarted the Cilium agents: rollouts of the {@code cilium} DaemonSet they started (the
      * {@link #client() observer}'s changes roll the agents too, but are not counted).
      */
    public int agentRollouts() {
        return workloadController.rollouts(AksCilium.DAEMON_SET_PATH);
    }

    /** How many times clients restarted the Cilium operator. */
    public int operatorRollouts() {
        return workloadController.rollouts(AksCilium.OPERATOR_PATH);
    }

    /**
      * Makes the clustermesh-apiserver's pod crash-loop with {@code message} as its kvstoremesh container's last log
      * line, whatever its spec: a member whose apiserver never becomes Available. Null ends the fault.
      */
    public void breakApiServer(String message) {
        workloadController.breakApiServer(message);
    }

    /**
     * While true, a restart of the Cilium agents is reported rolled out but no agent pod is replaced, so the agents keep
     * the cluster identity they started with, as agents on nodes whose kubelets do not act on the rollout.
     */
    public void freezeAgentPods(boolean value) {
        workloadController.freezeAgentPods(value);
    }

    /** How long a rollout of a DaemonSet or Deployment takes once a client changed its template; zero (default) is at once. */
    public void setRolloutDelay(Duration value) {
        workloadController.setDelay(value);
    }

    /** How long after a LoadBalancer Service is written its address appears; zero (the default) means at once. */
    public void setLoadBalancerDelay(Duration value) {
        cloudController.setDelay(value);
    }

    /**
     * The cloud gives the cluster's load-balancer Services new addresses, and the old ones stop answering: what peers
     * were told about this cluster's clustermesh-apiserver is stale until an apply tells them again.
     */
    public void changeLoadBalancerAddresses() {
        cloudController.reassignAddresses();
    }

    /**
     * From now on the clustermesh-apiserver pod's proxy and log requests are answered by {@code pods}, which runs its
     * containers for real, instead of by the simulation of KVStoreMesh.
     */
    public void podsRunBy(RunningPods pods) {
        runningPods = pods;
    }

    @Nullable RunningPods runningPods() {
        return runningPods;
    }

    /** While true, LoadBalancer Services get no address, like a load balancer that never provisions. */
    public void suppressLoadBalancer(boolean value) {
        cloudController.suppress(value);
    }

    @Override
    public synchronized void close() {
        if (observer != null) {
            observer.close();
        }
        cloudController.close();
        workloadController.close();
        network.removed(this);
        down();
        dispatcher.close();
    }

    private KubernetesMockServer listen(int listenPort) {
        KubernetesMockServer mockServer =
                new KubernetesMockServer(new Context(), new MockWebServer(), expectations, dispatcher, false);
        mockServer.init(LOOPBACK, listenPort);
        return mockServer;
    }

    private void seedAks(AksCilium cilium) {
        seed("/api/v1/namespaces", """
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"kube-system"}}""");
        if (cilium == null) {
            return;
        }
        seed("/api/v1/namespaces/kube-system/configmaps", cilium.ciliumConfig());
        workloadController.seeded(AksCilium.DAEMON_SET_PATH,
                seed("/apis/apps/v1/namespaces/kube-system/daemonsets", cilium.daemonSet()));
        workloadController.seeded(AksCilium.OPERATOR_PATH,
                seed("/apis/apps/v1/namespaces/kube-system/deployments", cilium.operator()));
    }

    private JsonNode seed(String collectionPath, String object) {
        MockResponse response = dispatcher.inStore(HttpMethod.POST, collectionPath, "application/json", object);
        if (response.code() / 100 != 2) {
            throw new IllegalStateException("Seeding " + collectionPath + " failed with " + response.code());
        }
        return SEEDED.readTree(response.getBody().getBytes());
    }

    /** Marks the observer client's requests so the dispatcher leaves them out of counts and latency. */
    private static final class ObserverMark implements Interceptor {
        @Override
        public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            builder.header(SimulatedApiServerDispatcher.OBSERVER_HEADER, "true");
        }
    }
}
