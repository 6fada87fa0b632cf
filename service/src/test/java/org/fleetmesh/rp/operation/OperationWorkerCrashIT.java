package org.fleetmesh.rp.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.fleetmesh.rp.operation.testing.OperationTestDatabase.Effect;
import org.fleetmesh.rp.operation.testing.OperationTestDatabase.OperationRow;
import org.fleetmesh.rp.operation.testing.OperationTestTypes;
import org.fleetmesh.rp.operation.testing.WorkerProcess;
import org.junit.jupiter.api.Test;

/**
 * The crash test: a replica dies with SIGKILL in the middle of a step; another replica takes the operation over
 * once the dead one's heartbeats stop, resumes it at the checkpoint, and every step's effect happens exactly once.
 */
class OperationWorkerCrashIT extends WorkerProcessTestSupport {

    @Test
    void aWorkerKilledMidStepIsTakenOverWithinThirtySecondsAndEveryEffectHappensOnce() {
        startWorkers("A", "B");
        UUID operation = database.accept(OperationTestTypes.SIGNALLED_EFFECTS);
        database.release(operation, 1);

        // Whichever replica picked the operation is the one that dies, inside step 2 with step 1's effect recorded.
        WorkerProcess first = awaitArrival(operation, 2, Duration.ofSeconds(30));
        WorkerProcess second = first.name().equals("A") ? worker("B") : worker("A");
        assertThat(database.effects(operation)).extracting(Effect::step, Effect::worker).containsExactly(tuple(1, first.name()));
        OperationRow midStep = database.operation(operation).orElseThrow();
        assertThat(midStep.status()).isEqualTo("Running");
        assertThat(midStep.checkpoint()).isEqualTo(1);
        assertThat(midStep.currentStep()).isEqualTo("signalled2");

        Instant death = first.kill();
        Instant takenOver = awaitArrival(operation, 2, second, TAKEOVER_LIMIT);
        report("crash: %s killed inside step 2; %s took the operation over %d ms after the kill (limit %d s; heartbeat %d ms x %d)",
                first.name(), second.name(), Duration.between(death, takenOver).toMillis(), TAKEOVER_LIMIT.toSeconds(),
                WorkerProcess.HEARTBEAT.toMillis(), WorkerProcess.MISSED_HEARTBEATS);

        database.release(operation, 2, 3);
        OperationRow ended = awaitEnded(operation, Duration.ofSeconds(30));
        assertSucceeded(ended);
        assertEffectsExactlyOnce(operation, first.name(), second.name(), second.name());
        assertThat(second.isAlive()).isTrue();
        List<Effect> effects = database.effects(operation);
        assertThat(effects.get(1).startedAt()).as("step 2's effect comes from the run that started after the kill")
                .isAfterOrEqualTo(death);
    }
}
