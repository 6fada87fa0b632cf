package org.fleetmesh.simulator;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
  * Plays the cloud provider's service controller: gives each {@code type: LoadBalancer} Service an internal load
  * balancer address in {@code status.loadBalancer.ingress}, after an optional delay, and keeps that address for the
  * Service's lifetime in this cluster as Azure keeps a frontend IP.
  */
final class CloudController implements AutoCloseable {

    private static final AtomicInteger CLUSTERS_STARTED = new AtomicInteger();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final SimulatedApiServerDispatcher apiServer;
    private final String addressPrefix;
    private final AtomicInteger addressesHandedOut = new AtomicInteger();
    private final Map<String, String> addressByService = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(
                    task -> {
                        Thread thread = new Thread(task, "simulated-cloud-controller");
                        thread.setDaemon(true);
                        return thread;
                    });
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean suppressed;

    private final java.util.function.Consumer<String> assigned;
    private final java.util.function.Consumer<String> released;

    /**
     * @param assigned told each address handed out, so the network knows who answers there
     * @param released told each address taken back, so nobody answers there any more
     */
    CloudController(SimulatedApiServerDispatcher apiServer, java.util.function.Consumer<String> assigned,
            java.util.function.Consumer<String> released) {
        this.apiServer = apiServer;
        this.assigned = assigned;
        this.released = released;
        // Each simulated cluster draws from its own /24, so addresses never repeat across the members of a test.
        int cluster = CLUSTERS_STARTED.incrementAndGet();
        this.addressPrefix = "10." + (224 + (cluster >> 8) % 32) + "." + (cluster & 0xff) + ".";
        apiServer.onServiceWritten(this::serviceWritten);
    }

    void setDelay(Duration value) {
        delay = value;
    }

    void suppress(boolean value) {
        suppressed = value;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private void serviceWritten(String namespace, JsonNode service) {
        if (suppressed || !needsAddress(service)) {
            return;
        }
        String path = "/api/v1/namespaces/" + namespace + "/services/" + service.path("metadata").path("name").asString();
        Duration wait = delay;
        if (wait.isZero()) {
            // Synchronously, so a test that creates a Service and then reads it sees the address without polling.
            assignAddress(path);
        } else {
            scheduler.schedule(() -> assignAddress(path), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Gives every Service that has an address another one, as Azure does when a Service's frontend IP is released and
     * a new one allocated: the old address stops answering.
     */
    void reassignAddresses() {
        for (Map.Entry<String, String> service : addressByService.entrySet()) {
            String address = nextAddress();
            String ingress = "[{\"op\":\"replace\",\"path\":\"/status/loadBalancer/ingress\",\"value\":[{\"ip\":\""
                    + address + "\",\"ipMode\":\"VIP\"}]}]";
            MockResponse patched = apiServer.inStore(HttpMethod.PATCH, service.getKey() + "/status",
                    "application/json-patch+json", ingress);
            if (patched.code() / 100 == 2) {
                released.accept(service.getValue());
                service.setValue(address);
                assigned.accept(address);
            }
        }
    }

    private String nextAddress() {
        return addressPrefix + (4 + addressesHandedOut.getAndIncrement() % 250);
    }

    private void assignAddress(String path) {
        if (suppressed) {
            return;
        }
        MockResponse current = apiServer.inStore(HttpMethod.GET, path, "application/json", "");
        // The Service may have been deleted, changed to another type or already given an address meanwhile.
        if (current.code() != 200 || !needsAddress(JSON.readTree(current.getBody().getBytes()))) {
            return;
        }
        String address = addressByService.computeIfAbsent(path, key -> nextAddress());
        String status = "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"" + address + "\",\"ipMode\":\"VIP\"}]}}}";
        apiServer.inStore(HttpMethod.PATCH, path + "/status", "application/merge-patch+json", status);
        assigned.accept(address);
    }

    private static boolean needsAddress(JsonNode service) {
        return "LoadBalancer".equals(service.path("spec").path("type").asString())
                && service.path("status").path("loadBalancer").path("ingress").isEmpty();
    }
}
