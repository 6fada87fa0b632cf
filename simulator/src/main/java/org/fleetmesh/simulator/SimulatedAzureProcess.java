package org.fleetmesh.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A simulated Azure with clusters that can all mesh, in a JVM of its own: what a benchmark runs its service against
 * when the service's own CPU time and allocation must be told apart from the fakes' (the ARM endpoint and one
 * Kubernetes API server per cluster, each answering every client call after a fixed latency).
 *
 * <p>Arguments: {@code --clusters=<n> --latency-ms=<ms> --subscription=<id> --tls-directory=<dir>}. The clusters are
 * {@code m001-aks}, {@code m002-aks}, … in resource group {@code clusters} of the subscription, cluster {@code i} with
 * pod CIDR {@code 10.<i/256>.<i%256>.0/24}. The TLS identity in the directory is loaded, or generated there, so that
 * the caller can trust it before its first handshake.
 *
 * <p>Once everything listens it prints one line, {@value #READY} followed by a {@link Ready} as JSON, and then serves
 * until its standard input ends: the parent closes it to stop it, and a parent that dies stops it too. Between the
 * benchmark's phases a control endpoint on loopback HTTP tells what was asked of the fakes:
 * <ul>
 *   <li>{@code POST /requests/reset}: forgets every request ARM and the API servers received, and answers as
 *       {@code GET /requests} then does (no requests; the CPU time so far);</li>
 *   <li>{@code GET /requests}: a {@link ReceivedRequests} as JSON, with this JVM's CPU time so far.</li>
 * </ul>
 */
public final class SimulatedAzureProcess {

    /** Starts the line that says the process is ready; the rest of the line is a {@link Ready} as JSON. */
    public static final String READY = "simulated-azure-ready ";

    /**
     * Where the fakes are: the ARM endpoint, the control endpoint, the service's Azure settings for them (as
     * {@link LocalRun#serviceProperties}), the clusters' resource ids in order, and the trust store (PKCS12, password
     * {@link TlsIdentity#PASSWORD}) holding the certificate the ARM endpoint presents.
     */
    public record Ready(String endpoint, String control, Map<String, String> serviceProperties, List<String> clusters,
            String trustStore) {
    }

    /** What was asked of the fakes since the last reset: ARM's requests, each cluster's (by resource id), and this JVM's CPU time. */
    public record ReceivedRequests(long cpuNanos, List<ClientRequest> arm, Map<String, List<ClientRequest>> clusters) {
    }

    /**
     * fabric8's mock servers log each request they answer at INFO through java.util.logging, which prints it: 13,000
     * lines per apply of 255 members. Held here, as java.util.logging keeps its loggers only weakly.
     */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final SimulatedAzure azure;
    private final List<SimulatedCluster> clusters;

    private SimulatedAzureProcess(SimulatedAzure azure, List<SimulatedCluster> clusters) {
        this.azure = azure;
        this.clusters = clusters;
    }

    public static void main(String[] args) throws IOException {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
        Map<String, String> options = options(args);
        int clusterCount = Integer.parseInt(options.getOrDefault("clusters", "3"));
        Duration latency = Duration.ofMillis(Long.parseLong(options.getOrDefault("latency-ms", "0")));
        String subscription = options.getOrDefault("subscription", "00000000-0000-0000-0000-0000000000b1");
        TlsIdentity identity = TlsIdentity.loadOrGenerate(Path.of(options.getOrDefault("tls-directory",
                Path.of(System.getProperty("java.io.tmpdir"), "fleetmesh-simulated-azure-process").toString())));

        SimulatedAzure azure = SimulatedAzure.start(identity);
        List<SimulatedCluster> clusters = new ArrayList<>();
        for (int i = 1; i <= clusterCount; i++) {
            String id = String.format(Locale.ROOT,
                    "/subscriptions/%s/resourceGroups/clusters/providers/Microsoft.ContainerService/managedClusters/m%03d-aks",
                    subscription, i);
            SimulatedCluster cluster = azure.addCluster(SimulatedClusterSpec.meshable(id, "10." + (i / 256) + "." + (i % 256) + ".0/24"));
            cluster.kubernetes().setLatency(latency);
            clusters.add(cluster);
        }
        SimulatedAzureProcess process = new SimulatedAzureProcess(azure, clusters);
        HttpServer control = process.control();

        Ready ready = new Ready(azure.endpoint(), "http://127.0.0.1:" + control.getAddress().getPort(),
                LocalRun.serviceProperties(azure), clusters.stream().map(SimulatedCluster::resourceId).toList(),
                identity.trustStore().toAbsolutePath().toString());
        System.out.println(READY + ArmDocuments.JSON.writeValueAsString(ready));
        System.out.flush();

        // Serves until the parent closes standard input or dies (which closes it too): no process is left behind.
        System.in.transferTo(OutputStream.nullOutputStream());
        control.stop(0);
        azure.close();
        System.exit(0);
    }

    private HttpServer control() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/requests/reset", exchange -> {
            azure.resetRequests();
            clusters.forEach(cluster -> cluster.kubernetes().resetCounts());
            answer(exchange, 200, ArmDocuments.JSON.writeValueAsBytes(receivedRequests()));
        });
        server.createContext("/requests", exchange -> answer(exchange, 200, ArmDocuments.JSON.writeValueAsBytes(receivedRequests())));
        server.start();
        return server;
    }

    private ReceivedRequests receivedRequests() {
        Map<String, List<ClientRequest>> byCluster = new LinkedHashMap<>();
        clusters.forEach(cluster -> byCluster.put(cluster.resourceId(), cluster.kubernetes().clientRequests()));
        long cpuNanos = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
        return new ReceivedRequests(cpuNanos, azure.clientRequests(), byCluster);
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** {@code --name=value} arguments by name. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("Expected --name=value, got " + arg);
            }
            options.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        return options;
    }
}
