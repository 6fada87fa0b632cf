package org.fleetmesh.rp.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fleetmesh.rp.operation.testing.OperationTestDatabase;
import org.fleetmesh.rp.operation.testing.WorkerProcess;
import org.fleetmesh.rp.testing.ArmSession;
import org.fleetmesh.rp.testing.PackagedService;
import org.fleetmesh.rp.testing.TestAzure;
import org.fleetmesh.simulator.SimulatedAzure;
import org.fleetmesh.simulator.SimulatedCluster;
import org.fleetmesh.simulator.SimulatedClusterSpec;
import org.fleetmesh.simulator.SimulatedKubernetes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The crash test, end to end: the packaged service ({@code target/fleetmesh-service.jar}, as it ships) applies a
 * 20-member mesh against slow simulated member API servers, is killed with SIGKILL in the middle of the apply, is
 * started again, and the apply ends Connected with every member object written once, as counted by the fakes: a
 * first apply has one desired version of each object (the clustermesh-apiserver Deployment is written only once every
 * peer is known, so its pod starts once), and one restart of the Cilium agents and of the operator. Any more writes
 * would mean that the resumed step did not see what the killed run had already put in place.
 *
 * <p>Alone, without the Helm and oav steps of the lifecycle (they need npm):
 * {@code mvn -o -q package -DskipTests -Dapi-spec.skipNpm=true -pl service && mvn -o failsafe:integration-test
 * failsafe:verify -pl service -Dit.test=MeshApplyCrashIT}. The services' logs stay in {@code target/mesh-it}.
 */
class MeshApplyCrashIT {

    /** 14 objects per member (as the chart renders them, with the mesh's Secrets) and the agents' and operator's restarts. */
    private static final int WRITES_PER_MEMBER = 16;

    private static final int MEMBERS = 20;
    private static final String SCHEMA = "fleetmesh_meshit";
    private static final Path LOGS = Path.of("target", "mesh-it");
    private static final String PREVIEW = "2026-06-02-preview";
    /** Every member API server answers this slowly, or up to {@link #LATENCY_SPREAD} more: the apply takes seconds. */
    private static final Duration LATENCY = Duration.ofMillis(150);
    private static final Duration LATENCY_SPREAD = Duration.ofMillis(150);
    /** Member writes seen at the fakes when the service is killed: some members are mid-way, some not started. */
    private static final int KILL_AFTER_WRITES = 40;
    private static final Duration OPERATION_LIMIT = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String subscription = UUID.randomUUID().toString();
    private final List<WorkerProcess> processes = new ArrayList<>();
    private final Map<String, SimulatedCluster> clusters = new LinkedHashMap<>();
    private SimulatedAzure azure;

    @BeforeEach
    void freshSchemaAndAzure() {
        assertThat(PackagedService.JAR).as("the packaged service (mvn package builds it before the integration tests)").exists();
        // The service's Flyway creates the schema again at start-up.
        PackagedService.dropSchema(SCHEMA);
        azure = TestAzure.start();
        for (int i = 1; i <= MEMBERS; i++) {
            String id = "/subscriptions/" + subscription + "/resourceGroups/clusters/providers/Microsoft.ContainerService/"
                    + "managedClusters/m" + i + "-aks";
            clusters.put("m" + i, azure.addCluster(SimulatedClusterSpec.meshable(id, "10.100." + i + ".0/24")));
        }
    }

    @AfterEach
    void stopEverything() {
        processes.forEach(WorkerProcess::close);
        processes.forEach(p -> report("log of %s: %s", p.name(), p.log().toAbsolutePath()));
        if (azure != null) {
            azure.close();
        }
    }

    @Test
    void aServiceKilledMidApplyIsStartedAgainAndTheApplyEndsConnectedWithEveryObjectWrittenOnce() {
        ArmSession first = start("first");
        first.register(subscription);
        first.awaitSucceeded(first.put(fleetPath() + "?api-version=" + PREVIEW, "{\"location\":\"westus\"}", 200, 201));
        List<HttpResponse<String>> creates = new ArrayList<>();
        clusters.forEach((member, cluster) -> creates.add(first.put(fleetPath() + "/members/" + member + "?api-version=" + PREVIEW,
                "{\"properties\":{\"clusterResourceId\":\"" + cluster.resourceId() + "\",\"labels\":{\"mesh\":\"blue\"}}}",
                200, 201)));
        creates.forEach(first::awaitSucceeded);
        // A profile is written synchronously: its PUT answers Succeeded, with nothing to poll.
        first.put(profilePath() + "?api-version=" + PREVIEW, "{\"properties\":{\"memberSelector\":{\"byLabel\":\"mesh=blue\"}}}",
                200, 201);

        int n = 0;
        for (SimulatedCluster cluster : clusters.values()) {
            SimulatedKubernetes kubernetes = cluster.kubernetes();
            kubernetes.setLatency(LATENCY.plus(LATENCY_SPREAD.multipliedBy(n++).dividedBy(MEMBERS - 1)));
            kubernetes.resetCounts();
        }

        Instant applied = Instant.now();
        HttpResponse<String> accepted = first.send("POST", profilePath() + "/apply?api-version=" + PREVIEW, null);
        // As Azure answers apply: 200 with the profile Applying; its lastOperationId names the operation to follow.
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        UUID operation = UUID.fromString(JSON.readTree(accepted.body()).at("/properties/status/lastOperationId").asString());
        String monitor = "/subscriptions/" + subscription + "/providers/Microsoft.ContainerService/locations/westus/"
                + "operationStatuses/" + operation + "?api-version=" + PREVIEW;

        await("member writes reach " + KILL_AFTER_WRITES).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    first.assertAlive();
                    return totalWrites() >= KILL_AFTER_WRITES;
                });
        Instant killed = first.process().kill();
        int writesAtKill = totalWrites();
        long membersTouched = clusters.values().stream().filter(c -> c.kubernetes().writeCount() > 0).count();
        assertThat(first.process().exitValue()).as("exit status of a JVM ended by SIGKILL (128 + 9)").isEqualTo(137);
        Map<String, Object> atKill = new JdbcTemplate(new SimpleDriverDataSource(new Driver(),
                OperationTestDatabase.url(SCHEMA), "postgres", ""))
                .queryForMap("select status, checkpoint, current_step, percent_complete from operations where id = ?", operation);
        assertThat(atKill.get("status")).as("the apply at the kill: %s", atKill).isEqualTo("Running");
        assertThat(writesAtKill).as("member writes when the service died (a whole apply writes %d per member)",
                WRITES_PER_MEMBER).isLessThan(WRITES_PER_MEMBER * MEMBERS);

        Instant restarted = Instant.now();
        ArmSession second = start("second");
        Instant ready = Instant.now();
        JsonNode ended = second.awaitEnded(monitor, OPERATION_LIMIT);
        Instant done = Instant.now();
        assertThat(ended.path("status").asString()).as(ended.toString()).isEqualTo("Succeeded");

        JsonNode profile = second.get(profilePath() + "?api-version=" + PREVIEW);
        assertThat(profile.at("/properties/status/state").asString()).as(profile.toString()).isEqualTo("Connected");
        for (String member : clusters.keySet()) {
            JsonNode properties = second.get(fleetPath() + "/members/" + member + "?api-version=" + PREVIEW).path("properties");
            assertThat(properties.at("/meshProperties/status/state").asString()).as("%s: %s", member, properties)
                    .isEqualTo("Connected");
        }

        Map<String, Integer> firstMemberWrites = clusters.values().iterator().next().kubernetes().writesByRequest();
        assertThat(firstMemberWrites).as("writes at m1").isNotEmpty();
        clusters.forEach((member, cluster) -> {
            Map<String, Integer> writes = cluster.kubernetes().writesByRequest();
            assertThat(writes.keySet()).as("objects written at %s", member).isEqualTo(firstMemberWrites.keySet());
            assertThat(writes).as("writes per object at %s", member).allSatisfy((request, count) -> assertThat(count)
                    .as("%s at %s", request, member).isEqualTo(1));
            assertThat(writes.values().stream().mapToInt(Integer::intValue).sum()).as("writes at %s", member)
                    .isEqualTo(WRITES_PER_MEMBER);
        });

        report("20-member apply: killed (SIGKILL, exit 137) %d ms after POST apply, in step %s (checkpoint %s, %s%% complete), "
                + "with %d of %d member writes done on %d members", Duration.between(applied, killed).toMillis(),
                atKill.get("current_step"), atKill.get("checkpoint"), atKill.get("percent_complete"), writesAtKill,
                WRITES_PER_MEMBER * MEMBERS, membersTouched);
        report("restart: ready %d ms after the start; apply Succeeded, profile and all %d members Connected %d ms after the "
                + "start (%d ms after the kill)", Duration.between(restarted, ready).toMillis(), MEMBERS,
                Duration.between(restarted, done).toMillis(), Duration.between(killed, done).toMillis());
        report("writes per member: %d objects, each written once: %s", firstMemberWrites.size(),
                firstMemberWrites.keySet());
    }

    private int totalWrites() {
        return clusters.values().stream().mapToInt(c -> c.kubernetes().writeCount()).sum();
    }

    private String fleetPath() {
        return "/subscriptions/" + subscription + "/resourceGroups/rg/providers/Microsoft.ContainerService/fleets/f1";
    }

    private String profilePath() {
        return fleetPath() + "/clusterMeshProfiles/blue";
    }

    /** Starts the packaged service on free ports against this test's schema and simulated Azure; returns once ready. */
    private ArmSession start(String name) {
        PackagedService launched = PackagedService.start(name, SCHEMA, azure,
                LOGS.resolve(getClass().getSimpleName() + "-" + name + ".log"), List.of());
        processes.add(launched.process());
        return ArmSession.open(launched);
    }

    private static void report(String format, Object... arguments) {
        System.out.printf("[mesh-it] " + format + "%n", arguments);
    }
}
