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
 * A replica that is frozen, not dead (SIGSTOP: a long GC pause, a stalled node), loses its lease when its heartbeats
 * stop; another replica takes the operation over. When the frozen one wakes up inside the same step it must not
 * apply that step's effect again: the checkpoint has moved on without it.
 */
class OperationPausedWorkerIT extends WorkerProcessTestSupport {

    @Test
    void aWorkerFrozenPastItsLeaseDoesNotApplyItsStepAgainWhenItWakesUp() {
        startWorkers("A", "B");
        UUID operation = database.accept(OperationTestTypes.SIGNALLED_EFFECTS);
        database.release(operation, 1);
        WorkerProcess frozen = awaitArrival(operation, 2, Duration.ofSeconds(30));
        WorkerProcess other = frozen.name().equals("A") ? worker("B") : worker("A");

        frozen.pause();
        Instant paused = Instant.now();
        try {
            Instant takenOver = awaitArrival(operation, 2, other, TAKEOVER_LIMIT);
            report("paused worker: %s frozen inside step 2; %s took over %d ms later", frozen.name(), other.name(),
                    Duration.between(paused, takenOver).toMillis());
            database.release(operation, 2);
            await(other.name() + " completes step 2").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> database.effects(operation).size() == 2);
        } finally {
            frozen.resume();
        }

        // Awake, the frozen replica finds its signal released and finishes its copy of step 2: that must change nothing.
        await(frozen.name() + " is done with its copy of step 2").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> frozen.logContains("step=signalled2 event=completed") || frozen.logContains("event=conflict"));
        assertThat(database.effects(operation)).as("effects once the frozen replica woke up").hasSize(2);
        database.release(operation, 3);
        OperationRow ended = awaitEnded(operation, Duration.ofSeconds(30));
        assertSucceeded(ended);
        assertEffectsExactlyOnce(operation, frozen.name(), other.name(), other.name());
        assertThat(frozen.logText()).doesNotContain("step=signalled3 event=started");
    }
}
