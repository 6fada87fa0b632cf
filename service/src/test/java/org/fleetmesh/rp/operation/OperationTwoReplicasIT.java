package org.fleetmesh.rp.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fleetmesh.rp.operation.testing.OperationTestTypes;
import org.fleetmesh.rp.operation.testing.WorkerProcess;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one database share the work and never run an operation twice: each operation counts its own
 * effect in the database, each replica counts the operations it ended on its Prometheus endpoint.
 */
class OperationTwoReplicasIT extends WorkerProcessTestSupport {

    static final int OPERATIONS = 200;

    @Test
    void twoWorkersCompleteTwoHundredConcurrentOperationsEachExactlyOnce() {
        // Operations accepted elsewhere are found by polling; polling often makes sure both replicas find some even on
        // a machine fast enough for one replica to run all 200 between two polls of the other at the default 1 s.
        List<WorkerProcess> workers = startWorkers(List.of("A", "B"), "--fleetmesh.operations.polling-interval=100ms");
        Instant accepted = Instant.now();
        List<UUID> operations = database.accept(OperationTestTypes.COUNT_ONCE, OPERATIONS);

        await("all " + OPERATIONS + " operations end").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> database.operationsWithStatus("Succeeded") + database.operationsWithStatus("Failed") == OPERATIONS);
        Duration took = Duration.between(accepted, Instant.now());

        assertThat(database.operationsWithStatus("Succeeded")).isEqualTo(OPERATIONS);
        Map<UUID, Integer> effects = database.effectsPerOperation();
        assertThat(effects.keySet()).containsExactlyInAnyOrderElementsOf(new HashSet<>(operations));
        assertThat(effects).as("effects per operation").allSatisfy((operation, count) -> assertThat(count).isEqualTo(1));
        assertThat(database.scheduledExecutions()).isZero();

        Map<String, Integer> perWorker = database.effectsPerWorker();
        report("two replicas: %d operations ended in %d ms; effects per worker %s", OPERATIONS, took.toMillis(), perWorker);
        assertThat(perWorker).as("both replicas took part").containsOnlyKeys("A", "B");
        assertThat(perWorker.values()).allSatisfy(count -> assertThat(count).isPositive());

        // What each replica counted itself agrees with what the operations recorded.
        for (WorkerProcess worker : workers) {
            assertThat(prometheusCounter(worker, "fleetmesh_operations_ended_total", "type=\"" + OperationTestTypes.COUNT_ONCE + "\"",
                    "outcome=\"Succeeded\"")).as("operations %s counted as ended", worker.name())
                    .isEqualTo(perWorker.get(worker.name()).doubleValue());
        }
    }
}
