package org.fleetmesh.rp.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
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
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.fleetmesh.rp.FleetMeshApplication;
import org.fleetmesh.rp.testing.BenchmarkHttp;
import org.fleetmesh.rp.testing.BenchmarkHttp.Response;
import org.fleetmesh.rp.testing.Benchmarks;
import org.fleetmesh.rp.testing.JvmUsage;
import org.fleetmesh.rp.testing.SimulatedAzureJvm;
import org.fleetmesh.simulator.ClientRequest;
import org.fleetmesh.simulator.SimulatedAzureProcess.ReceivedRequests;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Time to Connected, and what a mesh apply costs the service and each member, for the largest mesh (255 members)
 * against simulated Azure and one fake Kubernetes API server per member that answers every call after a fixed latency.
 * Not a test: it asserts nothing, it prints.
 *
 * <ol>
 * <li><b>255 members</b>: members labelled {@code mesh=bench}, a profile selecting them, one POST apply; from the
 * apply request until the operation status reads Succeeded (the profile is then read and must say Connected).</li>
 * <li><b>One member added to 254</b>: one member is relabelled out and the mesh applied (254 members; that member's
 * mesh objects are removed), then relabelled back and applied again: the apply that adds one member to a 254-member
 * mesh. Each existing member should get exactly one write, its peer list.</li>
 * <li><b>Unchanged re-apply</b>: the same mesh again; every member's objects are compared, none written.</li>
 * <li><b>Health check</b>: one check of the whole mesh, as the recurring task makes it.</li>
 * </ol>
 *
 * The fakes run in a JVM of their own ({@link SimulatedAzureJvm}); this JVM holds the service (in-process, profiles
 * {@code local,test}, on a schema of its own, dropped and re-created) and the HTTP client that drives it as ARM does.
 * So this JVM's CPU time and allocation, sampled by {@link JvmUsage} during each phase, are the service's (the client
 * only polls the operation every second). Each phase is split into the operation's steps, whose times come from the
 * service's step log lines; the fakes record when each request came and its body sizes, which puts each Kubernetes and
 * ARM call into its step.
 *
 * <p>Run: {@code mvn -B -Pbenchmark -DskipTests -pl service -am verify} (with the operation and read benchmarks; add
 * {@code -Dbench.operation.skip=true -Dbench.read.skip=true} for this one only). Knobs: {@code -Dbench.members=255
 * -Dbench.latencyMs=20 -Dbench.schema=fleetmesh_bench_mesh}, {@code -Dbench.parallelism=N} to override
 * {@code fleetmesh.mesh.parallelism} (default: the service's own), and {@code -Dbench.jfr=<file.jfr>} for a flight
 * recording (settings {@code profile}) of the first apply.
 */
public final class MeshApplyBenchmark {

    private static final String PREVIEW = "2026-06-02-preview";
    private static final Duration WAIT = Duration.ofMinutes(10);
    /**
     * How often the client asks whether an apply has ended. Time to Connected is read from the operation's endTime, so
     * the poll only has to notice the end; polled every 100 ms, the status requests took 10–15 % of the service's CPU
     * in a 255-member apply (JFR), far more than ARM's polling, which waits Retry-After between requests.
     */
    private static final Duration APPLY_POLL = Duration.ofSeconds(1);
    private static final Pattern STEP_LINE = Pattern.compile("^(\\S+).*operationId=([0-9a-f-]+)\\].*step=(\\w+) event=(\\w+)");
    private static final Path LOG = Path.of("target", "benchmark", "mesh-service.log");
    private static final Path SIMULATOR_LOG = Path.of("target", "benchmark", "mesh-simulator.log");

    private final SimulatedAzureJvm azure;
    private final String subscription;
    private final MeshHealthCheck healthCheck;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BenchmarkHttp calls;
    private final Path flightRecording;
    /** Member name to its cluster's resource id, in member order. */
    private final Map<String, String> clusters = new LinkedHashMap<>();
    private final List<String> memberNames;

    private MeshApplyBenchmark(SimulatedAzureJvm azure, String subscription, int port, MeshHealthCheck healthCheck,
            Path flightRecording) {
        this.azure = azure;
        this.subscription = subscription;
        this.healthCheck = healthCheck;
        this.flightRecording = flightRecording;
        this.calls = new BenchmarkHttp(http, "http://127.0.0.1:" + port);
        calls.login("benchmark@fleetmesh.local");
        List<String> clusterIds = azure.clusters();
        for (int i = 0; i < clusterIds.size(); i++) {
            clusters.put(String.format(Locale.ROOT, "m%03d", i + 1), clusterIds.get(i));
        }
        memberNames = List.copyOf(clusters.keySet());
    }

    public static void main(String[] args) throws Exception {
        int memberCount = Integer.getInteger("bench.members", 255);
        Duration latency = Duration.ofMillis(Long.getLong("bench.latencyMs", 20));
        String schema = System.getProperty("bench.schema", "fleetmesh_bench_mesh");
        String parallelism = unsetIfPlaceholder(System.getProperty("bench.parallelism", ""));
        String flightRecording = unsetIfPlaceholder(System.getProperty("bench.jfr", ""));

        Benchmarks.dropSchema(schema);
        Files.deleteIfExists(LOG);
        String subscription = UUID.randomUUID().toString();
        Instant simulatorStart = Instant.now();
        SimulatedAzureJvm azure = SimulatedAzureJvm.start(memberCount, latency, subscription, SIMULATOR_LOG);
        Duration simulatorStarted = Duration.between(simulatorStart, Instant.now());
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=local,test",
                "--server.port=0",
                "--fleetmesh.database.schema=" + schema,
                // The per-step log lines still get written (to the file), as in production; the console stays readable.
                "--logging.file.name=" + LOG,
                "--logging.threshold.console=WARN"));
        azure.serviceProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
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
            print("the fakes (ARM and %d API servers) run in a JVM of their own, started in %.1f s (log: %s); figures "
                    + "of \"the service\" are this JVM's%n", memberCount, simulatorStarted.toMillis() / 1e3, SIMULATOR_LOG);
            int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
            new MeshApplyBenchmark(azure, subscription, port, service.getBean(MeshHealthCheck.class),
                    flightRecording.isBlank() ? null : Path.of(flightRecording)).run();
        });
    }

    /** An empty Maven property reaches the JVM as its own placeholder, {@code ${name}}: that means not set. */
    private static String unsetIfPlaceholder(String value) {
        return value.replaceAll("^\\$\\{.*\\}$", "");
    }

    private void run() {
        int memberCount = memberNames.size();
        Instant setupStart = Instant.now();
        registerSubscription();
        complete("PUT", fleetPath(), "{\"location\":\"westus\"}");
        createMembers();
        complete("PUT", profilePath(), "{\"properties\":{\"memberSelector\":{\"byLabel\":\"mesh=bench\"}}}");
        print("set-up: fleet, %d members and the profile created in %.1f s%n", memberCount,
                Duration.between(setupStart, Instant.now()).toMillis() / 1e3);

        // Phase 1: the whole mesh at once.
        Applied all = recordedIf(flightRecording, () -> apply());
        report("phase 1: apply " + memberCount + " members (all joining)", all);
        printPerMember("per member", all.costs().values());
        printRequests("writes on " + memberNames.get(0) + " by request", all.costs().get(memberNames.get(0)));

        // Phase 2: 254 members, then the 255th added.
        String mover = memberNames.get(memberNames.size() - 1);
        patchLabels(mover, "out");
        Applied shrunk = apply();
        report("phase 2a: relabel " + mover + " out, apply (now " + (memberCount - 1) + " members; " + mover
                + " disconnected)", shrunk);
        patchLabels(mover, "bench");
        Applied added = apply();
        report("phase 2b: relabel " + mover + " back, apply (one member added to a " + (memberCount - 1) + "-member mesh)",
                added);
        Map<String, ClientRequest.Tally> addCosts = added.costs();
        printPerMember("the added member " + mover, List.of(addCosts.get(mover)));
        printRequests("writes on " + mover + " by request", addCosts.get(mover));
        List<ClientRequest.Tally> existing = addCosts.entrySet().stream().filter(e -> !e.getKey().equals(mover))
                .map(Map.Entry::getValue).toList();
        printPerMember("each existing member", existing);
        printRequests("writes on " + memberNames.get(0) + " (existing) by request", addCosts.get(memberNames.get(0)));
        // The peer list lives in three objects (MemberMeshConfig.peers): the two peer Secrets and the remote-users
        // ConfigMap; an existing member should get those, once each, and nothing else.
        Map<Map<String, Integer>, Integer> writeSets = new LinkedHashMap<>();
        existing.forEach(member -> writeSets.merge(shortNames(member.writesByRequest()), 1, Integer::sum));
        writeSets.forEach((writes, members) -> print("  existing members written exactly %s: %d of %d%n", writes, members,
                existing.size()));

        // Phase 3: the same mesh again, unchanged: every member's objects are listed and compared, none written.
        Applied unchanged = apply();
        report("phase 3: apply again, nothing changed (each member reconciled against its objects)", unchanged);
        printPerMember("per member", unchanged.costs().values());

        // Phase 4: one health check of the whole mesh, as the recurring task makes it every 5 minutes.
        Measured<Integer> check = measure(healthCheck::checkAll);
        print("%nphase 4: one health check of the %d-member mesh (connectivity and drift)%n", memberCount);
        print("  %.2f s%n", check.seconds());
        printSteps(check, List.of());
        printPerMember("per member", check.costsByMember().values());

        print("%n");
        print("summary (the service: this JVM; per member: divided by %d)%n", memberCount);
        print("%-34s %9s %8s %6s %8s %9s %7s %8s %9s %9s %6s %7s%n", "", "time to", "service", "(JVM's", "CPU ms/",
                "allocated", "alloc", "K8s", "KB sent/", "KB recv/", "ARM", "fakes'");
        print("%-34s %9s %8s %6s %8s %9s %7s %8s %9s %9s %6s %7s%n", "", "Connected", "CPU s", "own s)", "member", "MB",
                "MB/s", "calls/m", "member", "member", "calls", "CPU s");
        summaryRow(memberCount + " members, one apply", all.seconds(), all.measured(), all.costs().values());
        summaryRow("+1 member (the new one)", added.seconds(), added.measured(), List.of(addCosts.get(mover)));
        summaryRow("+1 member (each of " + existing.size() + " existing)", added.seconds(), added.measured(), existing);
        summaryRow("unchanged re-apply", unchanged.seconds(), unchanged.measured(), unchanged.costs().values());
        summaryRow("health check", check.seconds(), check, check.costsByMember().values());
        print("goals: %d members Connected in <= 15 s: %.2f s; one added member in <= 5 s: %.2f s; service CPU <= 40 ms "
                        + "per member in the %d-member apply: %.1f ms%n", memberCount, all.seconds(), added.seconds(),
                memberCount, all.measured().usage().total().cpuNanos() / 1e6 / memberCount);
    }

    /** Runs {@code work} under a flight recording (settings {@code profile}) written to {@code file}, if one is given. */
    private static <T> T recordedIf(Path file, Supplier<T> work) {
        if (file == null) {
            return work.get();
        }
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.setDestination(file);
            recording.start();
            T result = work.get();
            recording.stop();
            print("flight recording of the apply: %s%n", file.toAbsolutePath());
            return result;
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("flight recording to " + file, e);
        }
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
                        + clusters.get(name) + "\",\"labels\":{\"mesh\":\"bench\"}}}")));
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

    /** POST apply and wait for its end, polling the status monitor every {@link #APPLY_POLL}. */
    private Applied apply() {
        Measured<Ended> measured = measure(() -> {
            Response accepted = send("POST", profilePath() + "/apply?api-version=" + PREVIEW, null);
            Instant acceptedAt = Instant.now();
            // Apply answers 200 with the profile Applying, as Azure does; its lastOperationId names the operation.
            String operationId = accepted.json().at("/properties/status/lastOperationId").asString();
            return new Ended(operationId, acceptedAt, awaitEnd("/subscriptions/" + subscription + "/providers/"
                    + "Microsoft.ContainerService/locations/westus/operationStatuses/" + operationId + "?api-version="
                    + PREVIEW, APPLY_POLL));
        });
        JsonNode profile = send("GET", profilePath() + "?api-version=" + PREVIEW, null).json();
        JsonNode operation = measured.result().operation();
        return new Applied(measured, Duration.between(measured.begin(), measured.result().acceptedAt()),
                operation.path("status").asString(), profile.at("/properties/status/state").asString(), operation, profile,
                steps(measured.result().operationId()));
    }

    /**
     * Runs {@code work} with the fakes' requests forgotten first and this JVM's usage sampled throughout; then reads
     * what the fakes were asked.
     */
    private <T> Measured<T> measure(Supplier<T> work) {
        long fakesCpuBefore = azure.resetRequests();
        JvmUsage usage = JvmUsage.start();
        Instant begin = Instant.now();
        T result = work.get();
        Instant end = Instant.now();
        usage.stop();
        ReceivedRequests received = azure.requests();
        Map<String, List<ClientRequest>> byMember = new TreeMap<>();
        clusters.forEach((member, clusterId) -> byMember.put(member, received.clusters().getOrDefault(clusterId, List.of())));
        return new Measured<>(result, begin, end, usage, byMember, received.arm(), received.cpuNanos() - fakesCpuBefore);
    }

    private void report(String title, Applied applied) {
        print("%n%s%n", title);
        print("  %.2f s from POST apply to the operation's endTime (the client, polling every %d ms, saw it end after %.2f s; "
                        + "apply answered in %d ms); operation %s, profile %s%n", applied.seconds(), APPLY_POLL.toMillis(),
                applied.measured().seconds(), applied.acceptLatency().toMillis(), applied.status(), applied.state());
        if (!applied.operation().path("endTime").isMissingNode()) {
            Duration server = Duration.between(OffsetDateTime.parse(applied.operation().path("startTime").asString()),
                    OffsetDateTime.parse(applied.operation().path("endTime").asString()));
            print("  operation startTime..endTime %.2f s%n", server.toMillis() / 1e3);
        }
        if (!"Connected".equals(applied.state())) {
            print("  profile lastOperationError: %s%n", applied.profile().at("/properties/status/lastOperationError"));
        }
        if (applied.operation().has("error")) {
            print("  error: %s%n", applied.operation().path("error"));
        }
        printSteps(applied.measured(), applied.steps());
    }

    /**
     * Per step and for the whole stretch: the service's CPU time and allocation, and the Kubernetes calls (with their
     * request and response body bytes) and ARM calls made meanwhile. Calls and CPU per member are divided by all members.
     */
    private void printSteps(Measured<?> measured, List<StepWindow> steps) {
        JvmUsage.Spent total = measured.usage().total();
        print("  service (this JVM): CPU %.1f s, %.1f ms per member (the JVM's own threads, JIT compilers and GC: %.1f s; "
                        + "GC pauses %.1f s); allocated %,.0f MB (%,.0f MB/s). Fakes' JVM: CPU %.1f s. Machine load average "
                        + "now %.1f on %d CPUs%n",
                total.cpuNanos() / 1e9, total.cpuNanos() / 1e6 / memberNames.size(), total.jvmOwnCpuNanos() / 1e9,
                total.gcMillis() / 1e3, total.allocatedBytes() / 1e6, total.allocationMegabytesPerSecond(),
                measured.fakesCpuNanos() / 1e9,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
        print("  %-40s %8s %8s %8s %9s %7s %8s %9s %9s %6s%n", "step", "time ms", "CPU ms", "CPU ms/m", "alloc MB",
                "MB/s", "K8s c/m", "KB sent/m", "KB recv/m", "ARM");
        for (StepWindow step : steps) {
            stepRow(step.describe(), measured, step.start(), step.end());
        }
        stepRow("whole (from the request to the end seen)", measured, measured.begin(), measured.end());
        print("  Java threads' CPU by pool: %s%n", measured.usage().cpuNanosByThreadGroup().entrySet().stream().limit(8)
                .map(group -> group.getKey() + " " + Math.round(group.getValue() / 1e6) + " ms").collect(Collectors.joining(", ")));
    }

    private void stepRow(String what, Measured<?> measured, Instant from, Instant to) {
        JvmUsage.Spent spent = measured.usage().between(from, to);
        ClientRequest.Tally kubernetes = measured.kubernetesBetween(from, to);
        int members = memberNames.size();
        print("  %-40s %8d %8.0f %8.2f %9.1f %7.0f %8.1f %9.1f %9.1f %6d%n", what, spent.wall().toMillis(),
                spent.cpuNanos() / 1e6, spent.cpuNanos() / 1e6 / members, spent.allocatedBytes() / 1e6,
                spent.allocationMegabytesPerSecond(), (double) kubernetes.calls() / members,
                kubernetes.bytesWritten() / 1e3 / members, kubernetes.bytesRead() / 1e3 / members,
                measured.armCallsBetween(from, to));
    }

    private static void printPerMember(String what, Collection<ClientRequest.Tally> costs) {
        print("  %s (n=%d): writes %s; bytes written %s; reads %s; bytes read %s%n", what, costs.size(),
                spread(costs.stream().mapToLong(ClientRequest.Tally::writes).sorted().toArray()),
                spread(costs.stream().mapToLong(ClientRequest.Tally::bytesWritten).sorted().toArray()),
                spread(costs.stream().mapToLong(ClientRequest.Tally::reads).sorted().toArray()),
                spread(costs.stream().mapToLong(ClientRequest.Tally::bytesRead).sorted().toArray()));
    }

    private static void printRequests(String what, ClientRequest.Tally member) {
        print("  %s: %s%n", what, shortNames(member.writesByRequest()));
    }

    /** {@code "PATCH secrets/cilium-kvstoremesh"} for {@code "PATCH /api/v1/namespaces/kube-system/secrets/cilium-kvstoremesh"}. */
    private static Map<String, Integer> shortNames(Map<String, Integer> writesByRequest) {
        Map<String, Integer> shortened = new TreeMap<>();
        writesByRequest.forEach((request, count) -> shortened.merge(
                request.replaceFirst(" /.*/namespaces/[^/]+/", " "), count, Integer::sum));
        return shortened;
    }

    private void summaryRow(String what, double seconds, Measured<?> measured, Collection<ClientRequest.Tally> members) {
        JvmUsage.Spent spent = measured.usage().total();
        print("%-34s %7.2f s %8.1f %6.1f %8.1f %9.0f %7.0f %8.1f %9.1f %9.1f %6d %7.1f%n", what, seconds,
                spent.cpuNanos() / 1e9, spent.jvmOwnCpuNanos() / 1e9, spent.cpuNanos() / 1e6 / memberNames.size(),
                spent.allocatedBytes() / 1e6,
                spent.allocationMegabytesPerSecond(),
                members.stream().mapToInt(ClientRequest.Tally::calls).average().orElse(0),
                members.stream().mapToLong(ClientRequest.Tally::bytesWritten).average().orElse(0) / 1e3,
                members.stream().mapToLong(ClientRequest.Tally::bytesRead).average().orElse(0) / 1e3,
                measured.arm().size(), measured.fakesCpuNanos() / 1e9);
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

    /**
     * The operation's steps, from the service's {@code step=... event=started/completed/failed} lines: each from its
     * first start to its end, retries and their waits included.
     */
    private static List<StepWindow> steps(String operationId) {
        Map<String, StepWindow> steps = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(LOG)) {
                Matcher step = STEP_LINE.matcher(line);
                if (!step.find() || !step.group(2).equals(operationId)) {
                    continue;
                }
                Instant at = OffsetDateTime.parse(step.group(1)).toInstant();
                String name = step.group(3);
                String event = step.group(4);
                StepWindow known = steps.get(name);
                if (event.equals("started")) {
                    steps.put(name, known == null ? new StepWindow(name, at, null, null, 1)
                            : new StepWindow(name, known.start(), null, null, known.attempts() + 1));
                } else if (known != null && (event.equals("completed") || event.equals("failed"))) {
                    steps.put(name, new StepWindow(name, known.start(), at, event, known.attempts()));
                }
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException("the service's step log " + LOG, unreadable);
        }
        return steps.values().stream().filter(step -> step.end() != null).toList();
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

    /** What an apply's stretch of work answered: the operation it started, when the apply was answered, how it ended. */
    private record Ended(String operationId, Instant acceptedAt, JsonNode operation) {
    }

    /** An apply: measured, and what the client and the step log saw of it. */
    private record Applied(Measured<Ended> measured, Duration acceptLatency, String status, String state, JsonNode operation,
            JsonNode profile, List<StepWindow> steps) {

        /** From the POST apply to the operation's endTime; to when the client saw the end if it has none. */
        double seconds() {
            return operation.path("endTime").isMissingNode() ? measured.seconds()
                    : Duration.between(measured.begin(), OffsetDateTime.parse(operation.path("endTime").asString()).toInstant())
                            .toMillis() / 1e3;
        }

        Map<String, ClientRequest.Tally> costs() {
            return measured.costsByMember();
        }
    }

    /** A step of an operation, from its first start to its end (completed or failed). */
    private record StepWindow(String step, Instant start, Instant end, String outcome, int attempts) {

        String describe() {
            return step + (outcome.equals("completed") ? "" : " (" + outcome + ")")
                    + (attempts == 1 ? "" : " (" + attempts + " attempts)");
        }
    }

    /**
     * A stretch of work: its result, when it began and ended, this JVM's usage meanwhile, the requests each member's API
     * server and ARM received (with their times), and the fakes' JVM's CPU time.
     */
    private record Measured<T>(T result, Instant begin, Instant end, JvmUsage usage,
            Map<String, List<ClientRequest>> requestsByMember, List<ClientRequest> arm, long fakesCpuNanos) {

        double seconds() {
            return Duration.between(begin, end).toMillis() / 1e3;
        }

        Map<String, ClientRequest.Tally> costsByMember() {
            Map<String, ClientRequest.Tally> costs = new TreeMap<>();
            requestsByMember.forEach((member, requests) -> costs.put(member, ClientRequest.tally(requests)));
            return costs;
        }

        /** The Kubernetes calls of every member that arrived in {@code [from, to)}, together. */
        ClientRequest.Tally kubernetesBetween(Instant from, Instant to) {
            return ClientRequest.tally(requestsByMember.values().stream().flatMap(List::stream)
                    .filter(request -> within(request, from, to)).toList());
        }

        int armCallsBetween(Instant from, Instant to) {
            return (int) arm.stream().filter(request -> within(request, from, to)).count();
        }

        private static boolean within(ClientRequest request, Instant from, Instant to) {
            return request.atEpochMilli() >= from.toEpochMilli() && request.atEpochMilli() < to.toEpochMilli();
        }
    }
}
