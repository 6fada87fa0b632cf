package org.fleetmesh.rp.arm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.fleetmesh.rp.FleetMeshApplication;
import org.fleetmesh.rp.testing.BenchmarkHttp;
import org.fleetmesh.rp.testing.Benchmarks;
import org.fleetmesh.rp.testing.BenchmarkHttp.Response;
import org.fleetmesh.rp.testing.TestAzure;
import org.fleetmesh.simulator.SimulatedAzure;
import org.fleetmesh.simulator.SimulatedClusterSpec;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a read costs next to the framework's floor: fleet GET, the member list of a 10- and a 100-member fleet and
 * {@code /actuator/health} (the floor: Spring MVC, Tomcat and a database ping, no security or contract), driven from
 * one HTTP client in one run. Not a test: it asserts nothing, it prints.
 *
 * <p>Each read is driven twice after a warm-up: at a <b>fixed rate</b> (open loop, default 500 requests/s; latency
 * counts from when a request was due, so a stalled server shows in it rather than slowing the client down) and
 * with <b>open throttle</b> (closed loop, 16 requests in flight on as many connections). The 100-member list also
 * runs at 100 requests/s. For each it prints throughput, p50, p99 and max, and the ratio of its throughput to
 * health's in the same mode. The goals: fleet GET at least 50 % of health's throughput with p99 at most
 * 20 ms at 500 requests/s; the 100-member list p99 at most 50 ms at 100 requests/s.
 *
 * <p>The service runs in-process with profiles {@code local,test} on a schema of its own (dropped and re-created),
 * with the API and the management port apart as in production; the client shares the JVM and its CPUs, the same for
 * every read.
 *
 * <p>Run: {@code mvn -B -Pbenchmark -DskipTests -pl service -am verify -Dbench.operation.skip=true
 * -Dbench.mesh.skip=true}. Knobs: {@code -Dbench.read.seconds=10 -Dbench.read.warmup=3 -Dbench.read.rate=500
 * -Dbench.read.concurrency=16 -Dbench.read.apiVersion=2026-06-02-preview -Dbench.read.schema=fleetmesh_bench_read
 * -Dbench.read.only="fleet GET"} (that read and health alone);
 * {@code -Dbench.read.skip=true} skips it.
 */
public final class ReadBenchmark {

    private static final String PREVIEW = "2026-06-02-preview";
    /** Requests in flight at most in a fixed-rate run: a server that falls behind by more makes the client wait. */
    private static final int MAX_IN_FLIGHT = 64;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String management;
    private final BenchmarkHttp calls;
    private final String token;
    private final String subscription = UUID.randomUUID().toString();
    private final String apiVersion;
    private final SimulatedAzure azure;

    private ReadBenchmark(SimulatedAzure azure, int port, int managementPort, String apiVersion) {
        this.azure = azure;
        this.base = "http://127.0.0.1:" + port;
        this.management = "http://127.0.0.1:" + managementPort;
        this.apiVersion = apiVersion;
        this.calls = new BenchmarkHttp(http, base);
        this.token = calls.login("benchmark@fleetmesh.local");
    }

    public static void main(String[] args) throws Exception {
        if (Boolean.getBoolean("bench.read.skip")) {
            return;
        }
        String schema = System.getProperty("bench.read.schema", "fleetmesh_bench_read");
        Settings settings = new Settings(Duration.ofSeconds(Long.getLong("bench.read.seconds", 10)),
                Duration.ofSeconds(Long.getLong("bench.read.warmup", 3)), Integer.getInteger("bench.read.rate", 500),
                Integer.getInteger("bench.read.concurrency", 16));
        String apiVersion = System.getProperty("bench.read.apiVersion", PREVIEW);

        Benchmarks.dropSchema(schema);
        SimulatedAzure azure = TestAzure.start();
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=local,test",
                "--server.port=0",
                "--management.server.port=0",
                "--fleetmesh.database.schema=" + schema,
                "--logging.file.name=target/benchmark/read-service.log",
                "--logging.threshold.console=WARN"));
        TestAzure.serviceProperties(azure).forEach((name, value) -> arguments.add("--" + name + "=" + value));
        ConfigurableApplicationContext service = SpringApplication.run(FleetMeshApplication.class, arguments.toArray(String[]::new));
        Benchmarks.runThenExit(service, azure, () -> {
            int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
            int managementPort = Integer.parseInt(service.getEnvironment().getProperty("local.management.port"));
            print("fleetmesh read benchmark: %d CPUs, Java %s, max heap %d MiB; api-version %s; %s per run after %s of "
                            + "warm-up; fixed rate %d/s (at most %d in flight), open throttle %d in flight%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    Runtime.getRuntime().maxMemory() >> 20, apiVersion, settings.measure(), settings.warmup(),
                    settings.rate(), MAX_IN_FLIGHT, settings.concurrency());
            new ReadBenchmark(azure, port, managementPort, apiVersion).run(settings);
        });
    }

    private record Settings(Duration measure, Duration warmup, int rate, int concurrency) {
    }

    private void run(Settings settings) {
        registerSubscription();
        long setupStart = System.nanoTime();
        complete("PUT", fleetPath("bench"), "{\"location\":\"westus\",\"tags\":{\"team\":\"bench\",\"env\":\"test\"}}");
        createFleetWithMembers("ten", 10);
        createFleetWithMembers("hundred", 100);
        print("set-up: 3 fleets and 110 members created in %.1f s%n", (System.nanoTime() - setupStart) / 1e9);

        Map<String, String> reads = new LinkedHashMap<>();
        reads.put("health", management + "/actuator/health");
        reads.put("fleet GET", base + fleetPath("bench") + "?api-version=" + apiVersion);
        reads.put("list, 10 members", base + fleetPath("ten") + "/members?api-version=" + apiVersion);
        reads.put("list, 100 members", base + fleetPath("hundred") + "/members?api-version=" + apiVersion);
        // -Dbench.read.only="fleet GET" drives that read alone (and health, the floor), e.g. under a profiler.
        String only = System.getProperty("bench.read.only", "");
        if (!only.isBlank()) {
            reads.keySet().removeIf(name -> !name.equals("health") && !name.equals(only));
        }
        reads.forEach((name, url) -> {
            HttpResponse<byte[]> response = get(url);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(name + ": " + response.statusCode() + " " + new String(response.body()));
            }
            print("%-18s %d bytes: %s%n", name, response.body().length, url.replace(base, "").replace(management, ""));
        });

        List<Run> runs = new ArrayList<>();
        reads.forEach((name, url) -> {
            closedLoop(name, url, settings.concurrency(), settings.warmup());
            runs.add(openLoop(name, url, settings.rate(), settings.measure()));
            runs.add(closedLoop(name, url, settings.concurrency(), settings.measure()));
        });
        if (reads.containsKey("list, 100 members")) {
            runs.add(openLoop("list, 100 members", reads.get("list, 100 members"), 100, settings.measure()));
        }

        print("%n");
        print("%-18s %-16s %9s %9s %9s %9s %7s %9s %11s%n", "read", "mode", "req/s", "p50 ms", "p99 ms", "max ms", "errors",
                "x health", "CPU ms/req");
        for (Run run : runs) {
            Run floor = runs.stream().filter(r -> r.name().equals("health") && r.mode().equals(run.mode())).findFirst()
                    .orElse(run);
            print("%-18s %-16s %9.0f %9.2f %9.2f %9.2f %7d %8.0f %% %11.2f%n", run.name(), run.mode(), run.throughput(),
                    run.percentile(0.50), run.percentile(0.99), run.percentile(1.0), run.errors(),
                    100 * run.throughput() / floor.throughput(), run.cpuMillis());
        }
        if (only.isBlank()) {
            Run fleetOpen = find(runs, "fleet GET", "open throttle");
            Run healthOpen = find(runs, "health", "open throttle");
            print("goals: fleet GET >= 50 %% of health's throughput: %.0f %%; fleet GET p99 <= 20 ms at %d/s: %.2f ms; "
                            + "100-member list p99 <= 50 ms at 100/s: %.2f ms%n",
                    100 * fleetOpen.throughput() / healthOpen.throughput(), settings.rate(),
                    find(runs, "fleet GET", settings.rate() + "/s").percentile(0.99),
                    find(runs, "list, 100 members", "100/s").percentile(0.99));
        }
        print("JVM CPU over the whole run (service and client together): %.1f s; load average %.1f%n",
                Benchmarks.processCpuNanos() / 1e9, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static Run find(List<Run> runs, String name, String mode) {
        return runs.stream().filter(r -> r.name().equals(name) && r.mode().equals(mode)).findFirst().orElseThrow();
    }

    // ---- load ----

    /** Requests due every 1/rate s, each sent when due (or when one of the in-flight ones ends); latency from when due. */
    private Run openLoop(String name, String url, int rate, Duration duration) {
        HttpRequest request = read(url);
        int count = (int) (rate * duration.toMillis() / 1000);
        long interval = 1_000_000_000L / rate;
        long[] latencies = new long[count];
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        CountDownLatch done = new CountDownLatch(count);
        AtomicInteger errors = new AtomicInteger();
        AtomicLong lastEnd = new AtomicLong();
        long cpu = Benchmarks.processCpuNanos();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquireUninterruptibly();
            int index = i;
            http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
                long end = System.nanoTime();
                latencies[index] = end - due;
                if (failure != null || response.statusCode() != 200) {
                    errors.incrementAndGet();
                }
                lastEnd.accumulateAndGet(end, Math::max);
                inFlight.release();
                done.countDown();
            });
        }
        try {
            if (!done.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException(name + ": requests still running two minutes after the last was sent");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Run(name, rate + "/s", count / ((lastEnd.get() - start) / 1e9), sorted(latencies), errors.get(),
                (Benchmarks.processCpuNanos() - cpu) / 1e6 / count);
    }

    /** {@code concurrency} clients, each sending its next request when its previous one ended. */
    private Run closedLoop(String name, String url, int concurrency, Duration duration) {
        HttpRequest request = read(url);
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        long cpu = Benchmarks.processCpuNanos();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        AtomicInteger errors = new AtomicInteger();
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                results.add(clients.submit(() -> {
                    long[] latencies = new long[1024];
                    int n = 0;
                    for (long begin = System.nanoTime(); begin < deadline; begin = System.nanoTime()) {
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = System.nanoTime() - begin;
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> result : results) {
                all.add(result.get());
            }
            long end = System.nanoTime();
            long[] latencies = all.stream().flatMapToLong(Arrays::stream).toArray();
            return new Run(name, "open throttle", latencies.length / ((end - start) / 1e9), sorted(latencies), errors.get(),
                    (Benchmarks.processCpuNanos() - cpu) / 1e6 / latencies.length);
        } catch (Exception failed) {
            throw new IllegalStateException(name + ": " + failed, failed);
        } finally {
            clients.shutdown();
        }
    }

    private static long[] sorted(long[] latencies) {
        long[] copy = latencies.clone();
        Arrays.sort(copy);
        return copy;
    }

    private HttpResponse<byte[]> get(String url) {
        try {
            return http.send(read(url), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest read(String url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
        // Health is probed without a token, as Kubernetes probes it; the API needs one.
        if (url.startsWith(base)) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    /** @param cpuMillis this JVM's CPU time per request (service and client together): what load elsewhere skews least */
    private record Run(String name, String mode, double throughput, long[] sortedNanos, int errors, double cpuMillis) {

        double percentile(double p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1e6;
        }
    }

    // ---- set-up through the API, as an ARM client does it ----

    private void registerSubscription() {
        Response registered = calls.send("PUT", "/subscriptions/" + subscription + "?api-version=2.0",
                "{\"state\":\"Registered\",\"registrationDate\":\"Thu, 26 Nov 2026 10:00:00 GMT\","
                        + "\"properties\":{\"tenantId\":\"" + UUID.randomUUID() + "\"}}");
        if (registered.status() != 200) {
            throw new IllegalStateException("registering the subscription: " + registered);
        }
    }

    /** A fleet and its members, each with a few labels and a cluster of its own; created four at a time. */
    private void createFleetWithMembers(String fleet, int count) {
        complete("PUT", fleetPath(fleet), "{\"location\":\"westus\"}");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String name = String.format(Locale.ROOT, "%s-%03d", fleet, i);
                String clusterId = "/subscriptions/" + subscription + "/resourceGroups/clusters/providers/"
                        + "Microsoft.ContainerService/managedClusters/" + name + "-aks";
                azure.addCluster(SimulatedClusterSpec.meshable(clusterId, "10." + (fleet.length() + i / 256) + "." + (i % 256) + ".0/24"));
                created.add(pool.submit(() -> complete("PUT", fleetPath(fleet) + "/members/" + name, "{\"properties\":{"
                        + "\"clusterResourceId\":\"" + clusterId + "\",\"group\":\"g" + (name.hashCode() & 3) + "\","
                        + "\"labels\":{\"mesh\":\"bench\",\"tier\":\"web\",\"region\":\"west\"}}}")));
            }
            for (Future<?> future : created) {
                future.get();
            }
        } catch (Exception failed) {
            throw new IllegalStateException("creating the members of " + fleet, failed);
        } finally {
            pool.shutdown();
        }
    }

    private String fleetPath(String fleet) {
        return "/subscriptions/" + subscription + "/resourceGroups/rg/providers/Microsoft.ContainerService/fleets/" + fleet;
    }

    /** Sends a write and, when it is answered as accepted, follows its operation to the end; fails unless it succeeded. */
    private void complete(String method, String path, String body) {
        Response accepted = calls.send(method, path + "?api-version=" + PREVIEW, body);
        if (accepted.status() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + accepted);
        }
        String monitor = accepted.header("Azure-AsyncOperation");
        if (monitor == null) {
            return;
        }
        URI local = URI.create(monitor);
        String status = "";
        for (int polls = 0; polls < 6000 && !Set.of("Succeeded", "Failed", "Canceled").contains(status); polls++) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(polls == 0 ? 0 : 20));
            status = calls.send("GET", local.getRawPath() + "?" + local.getRawQuery(), null).json().path("status").asString();
        }
        if (!"Succeeded".equals(status)) {
            throw new IllegalStateException(method + " " + path + " ended " + status);
        }
    }

    private static void print(String format, Object... arguments) {
        System.out.printf(Locale.ROOT, "[read-benchmark] " + format, arguments);
        System.out.flush();
    }
}
