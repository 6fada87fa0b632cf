package org.fleetmesh.rp.mesh;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fleetmesh.rp.FleetMeshApplication;
import org.fleetmesh.rp.testing.BenchmarkHttp;
import org.fleetmesh.rp.testing.Benchmarks;
import org.fleetmesh.rp.testing.BenchmarkHttp.Response;
import org.fleetmesh.rp.testing.TestAzure;
import org.fleetmesh.simulator.SimulatedAzure;
import org.fleetmesh.simulator.SimulatedCluster;
import org.fleetmesh.simulator.SimulatedClusterSpec;
import org.fleetmesh.simulator.SimulatedKubernetes;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Time to Connected, and what a mesh apply costs each member, for the largest mesh (255 members) against simulated
 * Azure and one fake Kubernetes API server per member that answers every call after a fixed latency. Not a test: it
 * asserts nothing, it prints.
 *
 * <ol>
 * <li><b>255 members</b>: members labelled {@code mesh=bench}, a profile selecting them, one POST apply; from the
 * apply request until the operation status reads Succeeded (the profile is then read and must say Connected).</li>
 * <li><b>One member added to 254</b>: one member is relabelled out and the mesh applied (254 members; that member's
 * mesh objects are removed), then relabelled back and applied again: the apply that adds one member to a 254-member
 * mesh. Each existing member should get exactly one write, its peer list.</li>
 * </ol>
 *
 * The service runs in-process with profiles {@code local,test}, on a schema of its own (dropped and re-created), and
 * is driven over HTTP as an ARM client drives it. Per-step timings come from the service's own step log lines.
 *
 * <p>Run: {@code mvn -B -Pbenchmark -DskipTests -pl service -am verify} (with the operation benchmark; add
 * {@code -Dbench.operation.skip=true} for this one only). Knobs: {@code -Dbench.members=255 -Dbench.latencyMs=20
 * -Dbench.schema=fleetmesh_bench_mesh}, and {@code -Dbench.parallelism=N} to override
 * {@code fleetmesh.mesh.parallelism} (default: the service's own).
 */
public final class MeshApplyBenchmark {

    private static final String PREVIEW = "2026-06-02-preview";
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final Pattern STEP_LINE = Pattern.compile("^(\\S+).*operationId=([0-9a-f-]+)\\].*step=(\\w+) event=(\\w+)");
    private static final Path LOG = Path.of("target", "benchmark", "mesh-service.log");

    private final SimulatedAzure azure;
    private final MeshHealthCheck healthCheck;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final BenchmarkHttp calls;
    private final String subscription = UUID.randomUUID().toString();
    private final List<String> memberNames = new ArrayList<>();
    private final Map<String, SimulatedCluster> clusters = new LinkedHashMap<>();

    private MeshApplyBenchmark(SimulatedAzure azure, int port, MeshHealthCheck healthCheck) {
        this.azure = azure;
        this.healthCheck = healthCheck;
        this.base = "http://127.0.0.1:" + port;
        this.calls = new BenchmarkHttp(http, base);
        calls.login("benchmark@fleetmesh.local");
    }

    public static void main(String[] args) throws Exception {
        int memberCount = Integer.getInteger("bench.members", 255);
        Duration latency = Duration.ofMillis(Long.getLong("bench.latencyMs", 20));
        String schema = System.getProperty("bench.schema", "fleetmesh_bench_mesh");
        String parallelism = System.getProperty("bench.parallelism", "").replaceAll("^\\$\\{.*\\}$", "");

        Benchmarks.dropSchema(schema);
        Files.deleteIfExists(LOG);
        SimulatedAzure azure = TestAzure.start();
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=local,test",
                "--server.port=0",
                "--fleetmesh.database.schema=" + schema,
                // The per-step log lines still get written (to the file), as in production; the console stays readable.
                "--logging.file.name=" + LOG,
                "--logging.threshold.console=WARN",
                // The fake API servers log every request at INFO: 13,000 lines per apply of 255 members, in this JVM.
                "--logging.level.io.fabric8.mockwebserver=WARN"));
        TestAzure.serviceProperties(azure).forEach((name, value) -> arguments.add("--" + name + "=" + value));
        if (!parallelism.isBlank()) {
            arguments.add("--fleetmesh.mesh.parallelism=" + parallelism);
        }
        ConfigurableApplicationContext service = SpringApplication.run(FleetMeshApplication.class, arguments.toArray(String[]::new));
        Benchmarks.runThenExit(service, azure, () -> {
            MeshSettings settings = service.getBean(MeshSettings.class);
            print("fleetmesh mesh apply benchmark: %d CPUs, Java %s, max heap %d MiB; %d members, %d ms latency per "
                            + "Kubernetes call; mesh parallelism %d, Kubernetes timeout %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    Runtime.getRuntime().maxMemory() >> 20, memberCount, latency.toMillis(), settings.parallelism(),
                    settings.kubernetesTimeout());
            int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
            new MeshApplyBenchmark(azure, port, service.getBean(MeshHealthCheck.class)).run(memberCount, latency);
        });
    }

    private void run(int memberCount, Duration latency) {
        Instant setupStart = Instant.now();
        for (int i = 1; i <= memberCount; i++) {
            String name = String.format(Locale.ROOT, "m%03d", i);
            String id = "/subscriptions/" + subscription + "/resourceGroups/clusters/providers/Microsoft.ContainerService/"
                    + "managedClusters/" + name + "-aks";
            SimulatedCluster cluster = azure.addCluster(SimulatedClusterSpec.meshable(id, "10." + (i / 256) + "." + (i % 256) + ".0/24"));
            cluster.kubernetes().setLatency(latency);
            memberNames.add(name);
            clusters.put(name, cluster);
        }
        Duration simulatorStart = Duration.between(setupStart, Instant.now());
        registerSubscription();
        complete("PUT", fleetPath(), "{\"location\":\"westus\"}");
        createMembers();
        complete("PUT", profilePath(), "{\"properties\":{\"memberSelector\":{\"byLabel\":\"mesh=bench\"}}}");
        print("set-up: %d simulated clusters started in %.1f s; fleet, %d members and the profile created in %.1f s%n",
                memberCount, simulatorStart.toMillis() / 1e3, memberCount,
                Duration.between(setupStart, Instant.now()).minus(simulatorStart).toMillis() / 1e3);

        // Phase 1: the whole mesh at once.
        Applied all = apply(memberNames);
        report("phase 1: apply " + memberCount + " members (all joining)", all);
        Map<String, Costs> costs = all.costs();
        printPerMember("per member", costs.values().stream().toList());
        printRequests("writes on " + memberNames.get(0) + " by request", clusters.get(memberNames.get(0)).kubernetes());

        // Phase 2: 254 members, then the 255th added.
        String mover = memberNames.get(memberNames.size() - 1);
        patchLabels(mover, "out");
        Applied shrunk = apply(memberNames);
        report("phase 2a: relabel " + mover + " out, apply (now " + (memberCount - 1) + " members; " + mover
                + " disconnected)", shrunk);
        patchLabels(mover, "bench");
        Applied added = apply(memberNames);
        report("phase 2b: relabel " + mover + " back, apply (one member added to a " + (memberCount - 1) + "-member mesh)",
                added);
        Map<String, Costs> addCosts = added.costs();
        printPerMember("the added member " + mover, List.of(addCosts.get(mover)));
        printRequests("writes on " + mover + " by request", clusters.get(mover).kubernetes());
        List<Costs> existing = addCosts.entrySet().stream().filter(e -> !e.getKey().equals(mover)).map(Map.Entry::getValue).toList();
        printPerMember("each existing member", existing);
        printRequests("writes on " + memberNames.get(0) + " (existing) by request", clusters.get(memberNames.get(0)).kubernetes());
        // The peer list lives in three objects (MemberMeshConfig.peers): the two peer Secrets and the remote-users
        // ConfigMap; an existing member should get those, once each, and nothing else.
        Map<Map<String, Integer>, Integer> writeSets = new LinkedHashMap<>();
        memberNames.stream().filter(name -> !name.equals(mover))
                .forEach(name -> writeSets.merge(shortNames(clusters.get(name).kubernetes().writesByRequest()), 1, Integer::sum));
        writeSets.forEach((writes, members) -> print("  existing members written exactly %s: %d of %d%n", writes, members,
                existing.size()));

        // Phase 3: the same mesh again, unchanged: every member's objects are listed and compared, none written.
        Applied unchanged = apply(memberNames);
        report("phase 3: apply again, nothing changed (each member reconciled against its objects)", unchanged);
        printPerMember("per member", unchanged.costs().values().stream().toList());

        // Phase 4: one health check of the whole mesh, as the recurring task makes it every 5 minutes.
        memberNames.forEach(name -> clusters.get(name).kubernetes().resetCounts());
        azure.resetRequests();
        long cpuBefore = Benchmarks.processCpuNanos();
        Instant checkStart = Instant.now();
        healthCheck.checkAll();
        Duration checked = Duration.between(checkStart, Instant.now());
        List<Costs> checkCosts = memberNames.stream().map(name -> clusters.get(name).kubernetes())
                .map(kubernetes -> new Costs(kubernetes.writeCount(), kubernetes.bytesWritten(), kubernetes.readCount()))
                .toList();
        print("%nphase 4: one health check of the %d-member mesh (connectivity and drift)%n", memberCount);
        print("  %.2f s; CPU time of this JVM %.1f s; ARM calls %d%n", checked.toMillis() / 1e3,
                Duration.ofNanos(Benchmarks.processCpuNanos() - cpuBefore).toMillis() / 1e3, azure.requests().size());
        printPerMember("per member", checkCosts);

        print("%n");
        print("summary                               time to Connected   writes/member  bytes written/member  reads/member  ARM calls  JVM CPU%n");
        summaryRow(memberCount + " members, one apply", all, costs.values().stream().toList());
        summaryRow("+1 member (new one)", added, List.of(addCosts.get(mover)));
        summaryRow("+1 member (each of " + existing.size() + " existing)", added, existing);
        summaryRow("unchanged re-apply", unchanged, unchanged.costs().values().stream().toList());
        print("%-37s %14.2f s %16.1f %21.0f %13.1f %10d%n", "health check", checked.toMillis() / 1e3,
                checkCosts.stream().mapToLong(Costs::writes).average().orElse(0),
                checkCosts.stream().mapToLong(Costs::bytes).average().orElse(0),
                checkCosts.stream().mapToLong(Costs::reads).average().orElse(0), azure.requests().size());
        print("goals: %d members Connected in <= 15 s: %.2f s; one added member in <= 5 s: %.2f s%n", memberCount,
                all.seconds(), added.seconds());
    }

    // ---- the API, as an ARM client calls it ----

    private void registerSubscription() {
        Response registered = send("PUT", "/subscriptions/" + subscription + "?api-version=2.0",
                "{\"state\":\"Registered\",\"registrationDate\":\"Thu, 26 Nov 2026 10:00:00 GMT\","
                        + "\"properties\":{\"tenantId\":\"" + UUID.randomUUID() + "\"}}");
        if (registered.status() != 200) {
            throw new IllegalStateException("registering the subscription: " + registered);
        }
    }

    /** Members are created a few at a time, as a script creating a fleet would; not measured. */
    private void createMembers() {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (String name : memberNames) {
                created.add(pool.submit(() -> complete("PUT", memberPath(name), "{\"properties\":{\"clusterResourceId\":\""
                        + clusters.get(name).resourceId() + "\",\"labels\":{\"mesh\":\"bench\"}}}")));
            }
            for (Future<?> future : created) {
                future.get();
            }
        } catch (Exception failed) {
            throw new IllegalStateException("creating members", failed);
        } finally {
            pool.shutdown();
        }
    }

    private void patchLabels(String member, String mesh) {
        complete("PATCH", memberPath(member), "{\"properties\":{\"labels\":{\"mesh\":\"" + mesh + "\"}}}");
    }

    /** POST apply and wait for its end, polling the status monitor every 100 ms; counts are reset first. */
    private Applied apply(List<String> names) {
        names.forEach(name -> clusters.get(name).kubernetes().resetCounts());
        azure.resetRequests();
        long cpuBefore = Benchmarks.processCpuNanos();
        Instant begin = Instant.now();
        Response accepted = send("POST", profilePath() + "/apply?api-version=" + PREVIEW, null);
        Instant acceptedAt = Instant.now();
        // Apply answers 200 with the profile Applying, as Azure does; its lastOperationId names the operation.
        String operationId = accepted.json().at("/properties/status/lastOperationId").asString();
        JsonNode operation = awaitEnd("/subscriptions/" + subscription + "/providers/Microsoft.ContainerService/locations/"
                + "westus/operationStatuses/" + operationId + "?api-version=" + PREVIEW, Duration.ofMillis(100));
        Instant end = Instant.now();
        Duration cpu = Duration.ofNanos(Benchmarks.processCpuNanos() - cpuBefore);
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        JsonNode profile = send("GET", profilePath() + "?api-version=" + PREVIEW, null).json();
        Map<String, Costs> costs = new TreeMap<>();
        names.forEach(name -> {
            SimulatedKubernetes kubernetes = clusters.get(name).kubernetes();
            costs.put(name, new Costs(kubernetes.writeCount(), kubernetes.bytesWritten(), kubernetes.readCount()));
        });
        Map<String, Integer> arm = new LinkedHashMap<>();
        arm.put("GET managedCluster", azure.requestCount("GET", ".*/managedClusters/[^/]+"));
        arm.put("POST listClusterUserCredential", azure.requestCount("POST", ".*/listClusterUserCredential"));
        arm.put("POST listClusterAdminCredential", azure.requestCount("POST", ".*/listClusterAdminCredential"));
        arm.put("POST token", azure.requestCount("POST", ".*/oauth2/v2\\.0/token"));
        arm.put("all", azure.requests().size());
        return new Applied(Duration.between(begin, end), Duration.between(begin, acceptedAt),
                operation == null ? "none" : operation.path("status").asString(),
                profile.at("/properties/status/state").asString(), operation, profile, costs, arm, steps(operationId), cpu, load);
    }

    private void report(String title, Applied applied) {
        print("%n%s%n", title);
        print("  %.2f s from POST apply to Succeeded seen by the client (apply answered in %d ms); operation %s, profile %s%n",
                applied.seconds(), applied.acceptLatency().toMillis(), applied.status(), applied.state());
        print("  CPU time of this JVM (service and fake servers together) during the apply: %.1f s; machine load "
                + "average at the end: %.1f on %d CPUs%n", applied.cpu().toMillis() / 1e3, applied.load(),
                Runtime.getRuntime().availableProcessors());
        if (applied.operation() != null && !applied.operation().path("endTime").isMissingNode()) {
            Duration server = Duration.between(OffsetDateTime.parse(applied.operation().path("startTime").asString()),
                    OffsetDateTime.parse(applied.operation().path("endTime").asString()));
            print("  operation startTime..endTime %.2f s%n", server.toMillis() / 1e3);
        }
        if (!"Connected".equals(applied.state())) {
            print("  profile lastOperationError: %s%n", applied.profile().at("/properties/status/lastOperationError"));
        }
        if (applied.operation() != null && applied.operation().has("error")) {
            print("  error: %s%n", applied.operation().path("error"));
        }
        applied.steps().forEach((step, millis) -> print("  step %-28s %6d ms%n", step, millis));
        print("  ARM calls seen by the simulator: %s%n", applied.arm());
    }

    private static void printPerMember(String what, List<Costs> costs) {
        print("  %s (n=%d): writes %s; bytes written %s; reads %s%n", what, costs.size(),
                spread(costs.stream().mapToLong(Costs::writes).sorted().toArray()),
                spread(costs.stream().mapToLong(Costs::bytes).sorted().toArray()),
                spread(costs.stream().mapToLong(Costs::reads).sorted().toArray()));
    }

    private static void printRequests(String what, SimulatedKubernetes kubernetes) {
        print("  %s: %s%n", what, shortNames(kubernetes.writesByRequest()));
    }

    /** {@code "PATCH secrets/cilium-kvstoremesh"} for {@code "PATCH /api/v1/namespaces/kube-system/secrets/cilium-kvstoremesh"}. */
    private static Map<String, Integer> shortNames(Map<String, Integer> writesByRequest) {
        Map<String, Integer> shortened = new TreeMap<>();
        writesByRequest.forEach((request, count) -> shortened.merge(
                request.replaceFirst(" /.*/namespaces/[^/]+/", " "), count, Integer::sum));
        return shortened;
    }

    private static void summaryRow(String what, Applied applied, List<Costs> costs) {
        print("%-37s %14.2f s %16.1f %21.0f %13.1f %10d %6.1f s%n", what, applied.seconds(),
                costs.stream().mapToLong(Costs::writes).average().orElse(0),
                costs.stream().mapToLong(Costs::bytes).average().orElse(0),
                costs.stream().mapToLong(Costs::reads).average().orElse(0), applied.arm().get("all"),
                applied.cpu().toMillis() / 1e3);
    }

    /** "min / median / max (total)". */
    private static String spread(long[] sorted) {
        long total = 0;
        for (long value : sorted) {
            total += value;
        }
        return sorted.length == 1 ? String.valueOf(sorted[0])
                : sorted[0] + " / " + sorted[sorted.length / 2] + " / " + sorted[sorted.length - 1] + " (total " + total + ")";
    }

    /** Milliseconds per step of the operation, from the service's {@code step=... event=started/completed} lines. */
    private static Map<String, Long> steps(String operationId) {
        Map<String, Long> durations = new LinkedHashMap<>();
        if (operationId == null) {
            return durations;
        }
        Map<String, OffsetDateTime> started = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(LOG)) {
                Matcher step = STEP_LINE.matcher(line);
                if (!step.find() || !step.group(2).equals(operationId)) {
                    continue;
                }
                OffsetDateTime at = OffsetDateTime.parse(step.group(1));
                if (step.group(4).equals("started")) {
                    started.put(step.group(3), at);
                } else if (started.containsKey(step.group(3))) {
                    durations.put(step.group(3) + " (" + step.group(4) + ")",
                            Duration.between(started.get(step.group(3)), at).toMillis());
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            durations.put("(step log unreadable: " + unreadable + ")", 0L);
        }
        return durations;
    }

    private String fleetPath() {
        return "/subscriptions/" + subscription + "/resourceGroups/rg/providers/Microsoft.ContainerService/fleets/bench";
    }

    private String memberPath(String name) {
        return fleetPath() + "/members/" + name;
    }

    private String profilePath() {
        return fleetPath() + "/clusterMeshProfiles/bench";
    }

    /** Sends a write and follows it to its end; fails unless it ended Succeeded. */
    private JsonNode complete(String method, String path, String body) {
        Response accepted = send(method, path + "?api-version=" + PREVIEW, body);
        if (accepted.status() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + accepted);
        }
        String monitor = accepted.header("Azure-AsyncOperation");
        JsonNode operation = monitor == null ? null : awaitEnd(local(monitor), Duration.ofMillis(50));
        if (operation != null && !"Succeeded".equals(operation.path("status").asString())) {
            throw new IllegalStateException(method + " " + path + " ended " + operation);
        }
        return operation;
    }

    private static String local(String absoluteUrl) {
        URI uri = URI.create(absoluteUrl);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** Polls an operation's status monitor (path and query) until the operation has ended. */
    private JsonNode awaitEnd(String local, Duration poll) {
        Instant giveUp = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(giveUp)) {
            JsonNode status = send("GET", local, null).json();
            if (Set.of("Succeeded", "Failed", "Canceled").contains(status.path("status").asString())) {
                return status;
            }
            LockSupport.parkNanos(poll.toNanos());
        }
        throw new IllegalStateException("operation " + local + " did not end within " + WAIT);
    }

    private Response send(String method, String pathAndQuery, String body) {
        return calls.send(method, pathAndQuery, body);
    }

    private static void print(String format, Object... arguments) {
        System.out.printf(Locale.ROOT, "[mesh-benchmark] " + format, arguments);
        System.out.flush();
    }

    private record Costs(long writes, long bytes, long reads) {
    }

    private record Applied(Duration took, Duration acceptLatency, String status, String state, JsonNode operation,
            JsonNode profile, Map<String, Costs> costs, Map<String, Integer> arm, Map<String, Long> steps, Duration cpu, double load) {

        double seconds() {
            return took.toMillis() / 1e3;
        }
    }
}
