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
import java.util.Map;
import java.util.Queue;
import java.util.UUID;

/**
  * One member cluster's Kubernetes API server on {@code http://127.0.0.1:<port>}: fabric8's mock server in CRUD mode,
  * with server-side apply, request counting, latency, an outage switch and a cloud controller for LoadBalancer
  * Services. It starts with what an AKS cluster running Cilium has: {@code kube-system} and
  * {@code kube-system/cilium-config}.
  *
  * <p>Counts and latency apply to every client except {@link #client()}, the simulator's own observer for
  * assertions; seeding and the cloud controller's status updates are not client requests and are never counted.
  */
public final class SimulatedKubernetes implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    private final SimulatedApiServerDispatcher dispatcher = new SimulatedApiServerDispatcher(expectations);
    private final CloudController cloudController = new CloudController(dispatcher);
    private final String clientToken = UUID.randomUUID().toString().replace("-", "");
    private final int port;
    private KubernetesMockServer server;
    private KubernetesClient observer;

    private SimulatedKubernetes() {
        server = listen(0);
        port = server.getPort();
        seedAksWithCilium();
    }

    /** Starts an API server on a free loopback port. */
    public static SimulatedKubernetes start() {
        return new SimulatedKubernetes();
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
        return dispatcher.writeCount();
    }

    /** Client read requests (GET, including lists and watches) since the start or the last {@link #resetCounts()}. */
    public int readCount() {
        return dispatcher.readCount();
    }

    /** Request body bytes of the client writes counted by {@link #writeCount()}. */
    public long bytesWritten() {
        return dispatcher.bytesWritten();
    }

    /** Client writes keyed by {@code "<METHOD> <path>"}, the path without its query string, in path order. */
    public Map<String, Integer> writesByRequest() {
        return dispatcher.writesByRequest();
    }

    /** Forgets the counted reads, writes and bytes written. */
    public void resetCounts() {
        dispatcher.resetCounts();
    }

    /** How long after a LoadBalancer Service is written its address appears; zero (the default) means at once. */
    public void setLoadBalancerDelay(Duration value) {
        cloudController.setDelay(value);
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
        down();
        dispatcher.close();
    }

    private KubernetesMockServer listen(int listenPort) {
        KubernetesMockServer mockServer =
                new KubernetesMockServer(new Context(), new MockWebServer(), expectations, dispatcher, false);
        mockServer.init(LOOPBACK, listenPort);
        return mockServer;
    }

    private void seedAksWithCilium() {
        seed("/api/v1/namespaces", """
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"kube-system"}}""");
        seed("/api/v1/namespaces/kube-system/configmaps", """
            {"apiVersion":"v1","kind":"ConfigMap",
             "metadata":{"name":"cilium-config","namespace":"kube-system",
                         "labels":{"app.kubernetes.io/managed-by":"Helm"}},
             "data":{"cluster-name":"default","cluster-id":"0","routing-mode":"native","ipam":"delegated-plugin",
                     "enable-ipv4":"true","enable-ipv6":"false","kube-proxy-replacement":"true",
                     "enable-endpoint-slice-synchronization":"false","identity-allocation-mode":"crd"}}""");
    }

    private void seed(String collectionPath, String object) {
        MockResponse response = dispatcher.inStore(HttpMethod.POST, collectionPath, "application/json", object);
        if (response.code() / 100 != 2) {
            throw new IllegalStateException("Seeding " + collectionPath + " failed with " + response.code());
        }
    }

    /** Marks the observer client's requests so the dispatcher leaves them out of counts and latency. */
    private static final class ObserverMark implements Interceptor {
        @Override
        public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            builder.header(SimulatedApiServerDispatcher.OBSERVER_HEADER, "true");
        }
    }
}
