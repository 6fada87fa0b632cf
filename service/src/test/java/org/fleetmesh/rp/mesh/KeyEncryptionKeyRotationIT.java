package org.fleetmesh.rp.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, key-encryption-key rotation as an operator runs it, through the packaged service: a mesh applied under
 * key A; the service restarted with B current and A decrypt-only, which re-encrypts every stored private key under B;
 * restarted with B alone, the mesh applies again, and its certificates rotate (which decrypts the CA's and every
 * member's key).
 */
class KeyEncryptionKeyRotationIT {

    private static final String SCHEMA = "fleetmesh_kekit";
    private static final String PREVIEW = "2026-06-02-preview";
    private static final Path LOGS = Path.of("target", "kek-it");
    private static final String KEY_A = PackagedService.KEY_ENCRYPTION_KEY;
    /** Base64 of the 32 bytes "fleetmesh-rotated-kek-for-it-32b". */
    private static final String KEY_B = "ZmxlZXRtZXNoLXJvdGF0ZWQta2VrLWZvci1pdC0zMmI=";
    private static final String GAUGE = "fleetmesh_pki_keys_not_under_current_kek";

    private final String subscription = UUID.randomUUID().toString();
    private final List<WorkerProcess> processes = new ArrayList<>();
    private final Map<String, SimulatedCluster> clusters = new LinkedHashMap<>();
    private SimulatedAzure azure;

    @AfterEach
    void stopEverything() {
        processes.forEach(WorkerProcess::close);
        if (azure != null) {
            azure.close();
        }
    }

    @Test
    void aMeshAppliedUnderKeyAAppliesAndRotatesUnderKeyBAloneAfterTheRotation() {
        PackagedService.dropSchema(SCHEMA);
        azure = TestAzure.start();
        for (int i = 1; i <= 2; i++) {
            String id = "/subscriptions/" + subscription + "/resourceGroups/clusters/providers/Microsoft.ContainerService/"
                    + "managedClusters/k" + i + "-aks";
            clusters.put("k" + i, azure.addCluster(SimulatedClusterSpec.meshable(id, "10.110." + i + ".0/24")));
        }

        ArmSession underA = start("under-a", List.of());
        underA.register(subscription);
        underA.awaitSucceeded(underA.put(fleetPath() + "?api-version=" + PREVIEW, "{\"location\":\"westus\"}", 200, 201));
        clusters.forEach((member, cluster) -> underA.awaitSucceeded(underA.put(fleetPath() + "/members/" + member
                + "?api-version=" + PREVIEW, "{\"properties\":{\"clusterResourceId\":\"" + cluster.resourceId()
                + "\",\"labels\":{\"mesh\":\"blue\"}}}", 200, 201)));
        underA.put(profilePath() + "?api-version=" + PREVIEW, "{\"properties\":{\"memberSelector\":{\"byLabel\":\"mesh=blue\"}}}",
                200, 201);
        assertApplied(underA, "apply");
        stop(underA);

        PackagedService rotating = PackagedService.start("b-with-a", SCHEMA, azure, LOGS.resolve("b-with-a.log"),
                List.of("--fleetmesh.mesh.key-encryption-key=" + KEY_B, "--fleetmesh.mesh.previous-key-encryption-keys=" + KEY_A));
        processes.add(rotating.process());
        // The re-encryption runs every minute; as if that minute had passed.
        new JdbcTemplate(new SimpleDriverDataSource(new Driver(), OperationTestDatabase.url(SCHEMA), "postgres", ""))
                .update("update scheduled_tasks set execution_time = now() where task_name = 'private-key-re-encryption'");
        await("every stored key under B, as the gauge shows").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> rotating.prometheus().lines().anyMatch(line -> line.startsWith(GAUGE) && line.endsWith(" 0.0")));
        rotating.process().close();

        // A rollover's phases wait for the kubelets' sync period; these simulated members have none to wait for.
        ArmSession underB = start("b-alone", List.of("--fleetmesh.mesh.key-encryption-key=" + KEY_B,
                "--fleetmesh.mesh.secret-propagation-wait=1s"));
        assertApplied(underB, "apply");
        assertApplied(underB, "rotateCertificates");
        report("applied under A; re-encrypted under B with A decrypt-only; under B alone: apply and rotateCertificates Succeeded");
    }

    private void assertApplied(ArmSession session, String action) {
        JsonNode ended = session.followAction(session.send("POST", profilePath() + "/" + action + "?api-version=" + PREVIEW,
                null), subscription, "westus", Duration.ofSeconds(120));
        assertThat(ended.path("status").asString()).as("%s: %s", action, ended).isEqualTo("Succeeded");
        JsonNode profile = session.get(profilePath() + "?api-version=" + PREVIEW);
        assertThat(profile.at("/properties/status/state").asString()).as("after %s: %s", action, profile).isEqualTo("Connected");
    }

    private ArmSession start(String name, List<String> properties) {
        PackagedService launched = PackagedService.start(name, SCHEMA, azure, LOGS.resolve(name + ".log"), properties);
        processes.add(launched.process());
        return ArmSession.open(launched);
    }

    private static void stop(ArmSession session) {
        session.process().close();
    }

    private String fleetPath() {
        return "/subscriptions/" + subscription + "/resourceGroups/rg/providers/Microsoft.ContainerService/fleets/f1";
    }

    private String profilePath() {
        return fleetPath() + "/clusterMeshProfiles/blue";
    }

    private static void report(String format, Object... arguments) {
        System.out.printf("[kek-it] " + format + "%n", arguments);
    }
}
