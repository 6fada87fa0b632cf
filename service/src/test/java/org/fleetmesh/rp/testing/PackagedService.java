package org.fleetmesh.rp.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fleetmesh.rp.operation.testing.OperationTestDatabase;
import org.fleetmesh.rp.operation.testing.WorkerProcess;
import org.fleetmesh.simulator.SimulatedAzure;
import org.fleetmesh.simulator.TlsIdentity;
import org.postgresql.Driver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The packaged service ({@code target/fleetmesh-service.jar}, as it ships) in a JVM of its own, for the process-level
 * integration tests: free ports, the {@code local,test} profiles, a schema of the test's own, the test profile's
 * key-encryption key (application-test.yaml is not in the jar), a simulated Azure it trusts, and limits short enough
 * for a test. {@link #start} returns once the readiness probe on the (plain http) management port answers 200.
 */
public final class PackagedService {

    public static final Path JAR = Path.of("target", "fleetmesh-service.jar");
    /** The test profile's key: every run of the service on one schema must read the same CA keys. */
    public static final String KEY_ENCRYPTION_KEY = "ZmxlZXRtZXNoLWNvbnRyYWN0LXRlc3RzLWtlay0zMmI=";
    private static final Duration STARTUP = Duration.ofSeconds(120);
    /** Loaded first: a JDK HttpClient takes the default SSL context when built, which must already trust it. */
    private static final TlsIdentity TRUSTED = TestAzure.IDENTITY;
    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final WorkerProcess process;
    private final int port;
    private final int managementPort;

    private PackagedService(WorkerProcess process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** Drops the schema; the service's Flyway creates it again at start-up. */
    public static void dropSchema(String schema) {
        new JdbcTemplate(new SimpleDriverDataSource(new Driver(), OperationTestDatabase.SERVER, "postgres", ""))
                .execute("drop schema if exists " + schema + " cascade");
    }

    /**
     * The arguments that serve the API over HTTPS with {@code identity} (its key store holds one key, under the store's
     * password); the management port stays plain http for the readiness probe.
     */
    public static List<String> https(TlsIdentity identity) {
        return List.of(
                "--server.ssl.key-store=" + identity.keyStore().toAbsolutePath(),
                "--server.ssl.key-store-password=" + identity.password(),
                "--server.ssl.key-store-type=PKCS12",
                "--management.server.ssl.enabled=false");
    }

    /**
     * Starts the jar on free ports and waits until it is ready.
     *
     * @param extra further {@code --property=value} arguments; one that names a common property replaces it
     */
    public static PackagedService start(String name, String schema, SimulatedAzure azure, Path log, List<String> extra) {
        int port = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        TRUSTED.trustStoreSystemProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of(
                "-jar", JAR.toAbsolutePath().toString(),
                "--spring.profiles.active=local,test",
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--fleetmesh.database.schema=" + schema,
                "--fleetmesh.mesh.key-encryption-key=" + KEY_ENCRYPTION_KEY,
                "--fleetmesh.mesh.load-balancer-wait=30s",
                "--fleetmesh.mesh.kubernetes-timeout=10s",
                "--fleetmesh.operations.heartbeat-interval=" + WorkerProcess.HEARTBEAT.toMillis() + "ms",
                "--fleetmesh.operations.missed-heartbeats-limit=" + WorkerProcess.MISSED_HEARTBEATS,
                "--fleetmesh.operations.polling-interval=500ms",
                "--logging.level.com.github.kagkarlsson=INFO"));
        TestAzure.serviceProperties(azure).forEach((key, value) -> command.add("--" + key + "=" + value));
        // Spring joins a repeated --name=value with commas; a property given in extra replaces the common one instead.
        for (String argument : extra) {
            String property = argument.substring(0, argument.indexOf('=') + 1);
            command.removeIf(common -> common.startsWith(property));
        }
        command.addAll(extra);
        PackagedService service = new PackagedService(WorkerProcess.launch(name, command, log), port, managementPort);
        try {
            await(name + " ready (log: " + log + ")").atMost(STARTUP).pollInterval(Duration.ofMillis(250))
                    .until(service::isReady);
        } catch (RuntimeException notReady) {
            service.process.close();
            throw notReady;
        }
        return service;
    }

    public WorkerProcess process() {
        return process;
    }

    /** The API port (http, or https with {@link #https}). */
    public int port() {
        return port;
    }

    /** One call to the service's API over plain HTTP, as ARM would make it; {@code token} null sends none. */
    public HttpResponse<String> send(String method, String pathAndQuery, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return PROBE.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void assertAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(process.name() + " exited with " + process.exitValue() + "; its log ends:\n"
                    + process.logTail(40));
        }
    }

    /** What the management port's Prometheus endpoint shows now. */
    public String prometheus() {
        try {
            return PROBE.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean isReady() {
        assertAlive();
        try {
            return PROBE.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                    + "/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
