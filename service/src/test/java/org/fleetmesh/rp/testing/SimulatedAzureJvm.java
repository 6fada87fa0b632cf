package org.fleetmesh.rp.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fleetmesh.simulator.SimulatedAzureProcess;
import org.fleetmesh.simulator.SimulatedAzureProcess.Ready;
import org.fleetmesh.simulator.SimulatedAzureProcess.ReceivedRequests;
import tools.jackson.databind.json.JsonMapper;

/**
 * A simulated Azure with clusters that can mesh, in a JVM of its own ({@link SimulatedAzureProcess}), so that this
 * JVM's CPU time and allocation are the service's alone. The child runs the simulator classes of this JVM's class path
 * (the simulator's jar as Maven resolved it for these tests), so both sides agree on what the control endpoint says.
 * It presents {@link TestAzure#IDENTITY}'s certificate, which this JVM trusts. Its output goes to a log file.
 *
 * <p>Closing ends the child by closing its standard input; one that has not ended after 10 s is killed. If this JVM
 * dies first, the child's standard input ends all the same, and so does the child.
 */
public final class SimulatedAzureJvm implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    /** 255 API servers, each with its Vert.x server and its store, and the ARM server's request journal. */
    private static final String MAX_HEAP = "-Xmx3g";

    private final Process process;
    private final Ready ready;
    private final HttpClient http = HttpClient.newHttpClient();

    private SimulatedAzureJvm(Process process, Ready ready) {
        this.process = process;
        this.ready = ready;
    }

    /**
     * Starts {@code clusters} clusters in {@code subscription}, each API server answering after {@code latency}, and
     * returns once all of them listen; the child's output goes to {@code log}.
     */
    public static SimulatedAzureJvm start(int clusters, Duration latency, String subscription, Path log) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), MAX_HEAP,
                "-Dlogback.configurationFile=simulated-azure-jvm-logback.xml",
                "-cp", System.getProperty("java.class.path"),
                SimulatedAzureProcess.class.getName(),
                "--clusters=" + clusters, "--latency-ms=" + latency.toMillis(), "--subscription=" + subscription,
                "--tls-directory=" + TestAzure.identityDirectory().toAbsolutePath());
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<Ready> ready = new CompletableFuture<>();
        Thread copier = new Thread(() -> copyOutput(process, log, ready), "simulated-azure-jvm-output");
        copier.setDaemon(true);
        copier.start();
        try {
            return new SimulatedAzureJvm(process, ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException notReady) {
            process.destroyForcibly();
            throw new IllegalStateException("The simulated Azure did not start within " + START_TIMEOUT + "; see " + log,
                    notReady);
        }
    }

    /** Copies the child's output to the log, and hands over the ready line when it comes. */
    private static void copyOutput(Process process, Path log, CompletableFuture<Ready> ready) {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (!ready.isDone() && line.startsWith(SimulatedAzureProcess.READY)) {
                    ready.complete(JSON.readValue(line.substring(SimulatedAzureProcess.READY.length()), Ready.class));
                }
                file.write(line);
                file.write(System.lineSeparator());
                file.flush();
            }
        } catch (IOException | RuntimeException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("The simulated Azure ended before it was ready"));
    }

    /** The service's settings for this simulated Azure, with the tests' limits ({@link TestAzure#withTestLimits}). */
    public Map<String, String> serviceProperties() {
        return TestAzure.withTestLimits(ready.serviceProperties());
    }

    /** The clusters' resource ids, in the order they were started. */
    public List<String> clusters() {
        return ready.clusters();
    }

    /** Forgets every request ARM and the API servers received; answers the child's CPU time so far. */
    public long resetRequests() {
        return control("POST", "/requests/reset").cpuNanos();
    }

    /** What ARM and the API servers were asked since the last reset, and the child's CPU time so far. */
    public ReceivedRequests requests() {
        return control("GET", "/requests");
    }

    private ReceivedRequests control(String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ready.control() + path)).timeout(Duration.ofMinutes(1))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + " on the simulated Azure answered " + response.statusCode());
            }
            return JSON.readValue(response.body(), ReceivedRequests.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
