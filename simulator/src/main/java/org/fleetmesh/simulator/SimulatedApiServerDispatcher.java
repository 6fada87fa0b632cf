package org.fleetmesh.simulator;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
  * Stands in front of fabric8's CRUD store: counts client requests, delays answers, adds server-side apply (which the
  * CRUD store rejects with 415) and tells the cloud controller about written Services.
  *
  * <p>Every call into the store goes through {@link #inStore}, under one lock: server-side apply and the cloud
  * controller read and then write, and must not interleave with a client request.
  */
final class SimulatedApiServerDispatcher extends Dispatcher {

    /** Requests carrying this header come from the simulator's own observer client: not counted, not delayed. */
    static final String OBSERVER_HEADER = "X-Fleetmesh-Simulator-Observer";

    private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String APPLY_PATCH_SUBTYPE = "apply-patch+yaml";
    private static final Pattern FIELD_MANAGER = Pattern.compile("[?&]fieldManager=([^&]*)");
    /** Per object path, the {@code data} keys each field manager last applied. */
    private final Map<String, Map<String, Set<String>>> dataKeyOwners = new HashMap<>();
    private static final Pattern SERVICE_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/services(/[^/]+)?");
    private static final Pattern WORKLOAD_PATH =
            Pattern.compile("/apis/apps/v1/namespaces/[^/]+/(daemonsets|deployments)(/[^/]+)?");
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    // The apply body is YAML by content type; fabric8 sends JSON, which YAML parsing also accepts.
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private final KubernetesMixedDispatcher store;
    private final Object storeLock = new Object();
    /** The client requests since the start or the last {@link #resetCounts()}, in the order they were answered. */
    private final Queue<ClientRequest> clientRequests = new ConcurrentLinkedQueue<>();
    private final AtomicLong changes = new AtomicLong();
    private volatile Duration latency = Duration.ZERO;
    private volatile BiConsumer<String, JsonNode> serviceWriteListener = (namespace, service) -> {};
    private volatile WorkloadListener workloadWriteListener = (path, workload, byClient) -> {};
    private volatile Runnable volumeSourceWriteListener = () -> {};
    private volatile java.util.function.Function<String, MockResponse> podSubresources = path -> null;
    private static final Pattern VOLUME_SOURCE_PATH = Pattern.compile("/api/v1/namespaces/[^/]+/(secrets|configmaps)(/.*)?");

    SimulatedApiServerDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations) {
        this.store = new KubernetesMixedDispatcher(expectations);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        boolean fromClient = request.getHeader(OBSERVER_HEADER) == null;
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        long receivedAt = System.currentTimeMillis();
        // Sized before answering: the store reads the body, which empties the buffer.
        long requestBytes = size(request.getBody());
        MockResponse response = answer(request, method, fromClient);
        if (fromClient) {
            clientRequests.add(new ClientRequest(receivedAt, method, withoutQuery(request.getPath()), requestBytes,
                    size(response.getBody())));
        }
        Duration delay = latency;
        if (fromClient && !delay.isZero()) {
            // The server sends a delayed body on a Vert.x timer, so a slow member does not hold up other requests.
            if (response.getBody() == null) {
                response.setBody("");
            }
            response.setBodyDelay(delay);
        }
        return response;
    }

    private MockResponse answer(RecordedRequest request, String method, boolean fromClient) {
        MockResponse response;
        if (WRITE_METHODS.contains(method) && !"DELETE".equals(method)) {
            // A workload's controller reacts within the write, as the API server bumps the generation within it.
            synchronized (storeLock) {
                response = isServerSideApply(request) ? applyServerSide(request) : inStore(request);
                notifyIfWorkloadWritten(request.getPath(), response, fromClient);
            }
            if (response.code() / 100 == 2 && VOLUME_SOURCE_PATH.matcher(withoutQuery(request.getPath())).matches()) {
                volumeSourceWriteListener.run();
            }
            notifyIfServiceWritten(request.getPath(), response);
        } else {
            MockResponse answered = "GET".equals(method) ? podSubresources.apply(request.getPath()) : null;
            response = answered != null ? answered : inStore(request);
        }
        return response;
    }

    private static long size(Buffer body) {
        return body == null ? 0 : body.size();
    }

    /** A mock server stopped by {@link SimulatedKubernetes#down()} must not take the stored objects with it. */
    @Override
    public void shutdown() {
    }

    @Override
    public void releaseResources() {
    }

    /** Ends the store for good, closing open watches; called once the simulated cluster is closed. */
    void close() {
        store.shutdown();
        store.releaseResources();
    }

    void setLatency(Duration value) {
        latency = value;
    }

    /** Tells {@code listener} the namespace and stored state of every Service a client writes. */
    void onServiceWritten(BiConsumer<String, JsonNode> listener) {
        serviceWriteListener = listener;
    }

    /** What a DaemonSet or Deployment write tells: its path, its stored state, and whether a client (not the observer) wrote it. */
    interface WorkloadListener {
        void written(String path, JsonNode workload, boolean byClient);
    }

    /** Tells {@code listener} of every DaemonSet or Deployment written through the API. */
    void onWorkloadWritten(WorkloadListener listener) {
        workloadWriteListener = listener;
    }

    /** Answers GETs of pods' subresources the store does not have (a pod's proxy, its log); null leaves one to the store. */
    void onPodSubresource(java.util.function.Function<String, MockResponse> answer) {
        podSubresources = answer;
    }

    /** Tells {@code listener} whenever a client writes a Secret or ConfigMap. */
    void onVolumeSourceWritten(Runnable listener) {
        volumeSourceWriteListener = listener;
    }

    /** The client requests answered since the start or the last {@link #resetCounts()}, oldest first. */
    List<ClientRequest> clientRequests() {
        return List.copyOf(clientRequests);
    }

    void resetCounts() {
        clientRequests.clear();
    }

    /** Runs a request against the store directly, bypassing counting and latency: for seeding and the cloud controller. */
    MockResponse inStore(HttpMethod method, String path, String contentType, String body) {
        Headers headers = Headers.builder().add("Content-Type", contentType).build();
        Buffer buffer = new Buffer(body.getBytes(StandardCharsets.UTF_8));
        return inStore(new RecordedRequest("HTTP/1.1", method, path, headers, buffer));
    }

    private MockResponse inStore(RecordedRequest request) {
        synchronized (storeLock) {
            if (!"GET".equalsIgnoreCase(request.getMethod())) {
                changes.incrementAndGet();
            }
            return store.dispatch(request);
        }
    }

    /** Grows with every write that reaches the store, whoever made it: what was derived from the store before is stale. */
    long changes() {
        return changes.get();
    }

    private static boolean isServerSideApply(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        return "PATCH".equalsIgnoreCase(request.getMethod())
                && contentType != null
                && contentType.toLowerCase(Locale.ROOT).contains(APPLY_PATCH_SUBTYPE);
    }

    /**
      * Create-or-merge: a missing object is created from the applied configuration, an existing one gets it as a JSON
      * merge patch. Field ownership is tracked for the keys of {@code data} only (what ConfigMaps and Secrets hold): a
      * key a manager applied before and leaves out now is removed, as the API server does, unless another manager still
      * applies it. A list it sends replaces the stored one (the service owns the lists of the objects it applies whole);
      * other fields a manager stops sending are kept.
      */
    private MockResponse applyServerSide(RecordedRequest request) {
        String path = withoutQuery(request.getPath());
        String manager = fieldManager(request.getPath());
        String body = request.getUtf8Body();
        // Clients send JSON, which is YAML too; the JSON parser reads it many times faster.
        ObjectNode applied = (ObjectNode) (body.stripLeading().startsWith("{") ? JSON.readTree(body) : YAML.readTree(body));
        Set<String> appliedKeys = new TreeSet<>();
        if (applied.get("data") instanceof ObjectNode data) {
            data.propertyNames().forEach(appliedKeys::add);
        }
        synchronized (storeLock) {
            Map<String, Set<String>> owners = dataKeyOwners.computeIfAbsent(path, p -> new HashMap<>());
            MockResponse current = inStore(HttpMethod.GET, path, "application/json", "");
            if (current.code() == 404) {
                owners.clear();
                owners.put(manager, appliedKeys);
                String collection = path.substring(0, path.lastIndexOf('/'));
                return inStore(HttpMethod.POST, collection, "application/json", JSON.writeValueAsString(applied));
            }
            Set<String> released = new TreeSet<>(owners.getOrDefault(manager, Set.of()));
            released.removeAll(appliedKeys);
            owners.put(manager, appliedKeys);
            owners.forEach((other, keys) -> {
                if (!other.equals(manager)) {
                    released.removeAll(keys);
                }
            });
            List<String> removed = new ArrayList<>();
            released.forEach(key -> removed.add("/data/" + pointerToken(key)));
            // The store's merge patch appends to lists; an apply's list replaces the one stored.
            listsReplaced(applied, JSON.readTree(current.getBody().getBytes()), "", removed);
            if (!removed.isEmpty()) {
                // The store's merge patch keeps null values, so released keys go through a JSON patch first.
                String removals = removed.stream().map(pointer -> "{\"op\":\"remove\",\"path\":\"" + pointer + "\"}")
                        .collect(Collectors.joining(",", "[", "]"));
                inStore(HttpMethod.PATCH, path, "application/json-patch+json", removals);
            }
            MockResponse merged = inStore(HttpMethod.PATCH, path, "application/merge-patch+json", JSON.writeValueAsString(applied));
            // The CRUD store answers a patch with 202; the API server answers an apply with 200.
            return merged.code() == 202 ? merged.setResponseCode(200) : merged;
        }
    }

    /** The pointers of the lists {@code applied} sends that {@code stored} holds already. */
    private static void listsReplaced(JsonNode applied, JsonNode stored, String pointer, List<String> pointers) {
        for (String field : applied.propertyNames()) {
            JsonNode value = applied.get(field);
            JsonNode old = stored.get(field);
            String at = pointer + "/" + pointerToken(field);
            if (value.isArray() && old != null && old.isArray()) {
                pointers.add(at);
            } else if (value.isObject() && old != null && old.isObject()) {
                listsReplaced(value, old, at, pointers);
            }
        }
    }

    private static String pointerToken(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String fieldManager(String pathAndQuery) {
        Matcher manager = FIELD_MANAGER.matcher(pathAndQuery);
        return manager.find() ? manager.group(1) : "";
    }

    private void notifyIfServiceWritten(String path, MockResponse response) {
        Matcher servicePath = SERVICE_PATH.matcher(withoutQuery(path));
        if (response.code() / 100 == 2 && servicePath.matches()) {
            serviceWriteListener.accept(servicePath.group(1), JSON.readTree(response.getBody().getBytes()));
        }
    }

    private void notifyIfWorkloadWritten(String path, MockResponse response, boolean byClient) {
        String objectPath = withoutQuery(path);
        Matcher workloadPath = WORKLOAD_PATH.matcher(objectPath);
        if (response.code() / 100 == 2 && workloadPath.matches()) {
            JsonNode workload = JSON.readTree(response.getBody().getBytes());
            String name = workload.path("metadata").path("name").asString();
            String itemPath = workloadPath.group(2) == null ? objectPath + "/" + name : objectPath;
            workloadWriteListener.written(itemPath, workload, byClient);
        }
    }

    static String withoutQuery(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}
