package org.fleetmesh.rp.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.fleetmesh.rp.operation.testing.OperationTestDatabase.OperationRow;
import org.fleetmesh.rp.operation.testing.OperationTestTypes;
import org.fleetmesh.rp.operation.testing.WorkerProcess;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown (SIGTERM, as a rollout sends): the stopping replica takes no new work, lets the step it is in
 * finish, does not start the next one, and hands the operation back at once, so another replica resumes it at the
 * checkpoint without waiting for heartbeats to run out.
 */
class OperationGracefulShutdownIT extends WorkerProcessTestSupport {

    /** db-scheduler logs this when its stop begins; the engine has asked running operations to hand back by then. */
    private static final String STOPPING = "Shutting down Scheduler.";

    @Test
    void aWorkerStoppedWithSigtermFinishesItsStepHandsTheOperationBackAndAnotherFinishesIt() {
        startWorkers("A", "B");
        UUID operation = database.accept(OperationTestTypes.SIGNALLED_EFFECTS);
        database.release(operation, 1);
        WorkerProcess stopping = awaitArrival(operation, 2, Duration.ofSeconds(30));
        WorkerProcess other = stopping.name().equals("A") ? worker("B") : worker("A");

        Instant terminated = Instant.now();
        stopping.terminate();
        await(stopping.name() + " begins to stop").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> stopping.logContains(STOPPING));
        // Both remaining steps may go ahead now; the stopping replica must still not start step 3.
        database.release(operation, 2, 3);

        assertThat(stopping.awaitExit(Duration.ofSeconds(30))).as("%s stops by itself", stopping).isTrue();
        assertThat(stopping.exitValue()).as("exit code after SIGTERM (128 + 15)").isEqualTo(143);
        assertThat(stopping.logText()).contains("step=signalled2 event=completed", "event=handedBack");
        assertThat(stopping.logText()).doesNotContain("step=signalled3 event=started");

        OperationRow ended = awaitEnded(operation, Duration.ofSeconds(30));
        Instant resumed = database.arrival(operation, 3, other.name()).orElseThrow();
        report("graceful shutdown: %s finished step 2, handed the operation back and exited; %s started step 3 %d ms after "
                + "the SIGTERM (no heartbeat expiry involved; that alone would take %d ms)", stopping.name(), other.name(),
                Duration.between(terminated, resumed).toMillis(),
                WorkerProcess.HEARTBEAT.multipliedBy(WorkerProcess.MISSED_HEARTBEATS).toMillis());
        assertSucceeded(ended);
        assertEffectsExactlyOnce(operation, stopping.name(), stopping.name(), other.name());
        assertThat(other.logText()).doesNotContain("Found dead execution");
    }
}
