package org.fleetmesh.rp.operation;

import java.time.Duration;
import org.fleetmesh.rp.arm.ArmError;

/** What a step reports; the runner, not the step, persists the consequence. */
public sealed interface StepResult {

    /** The step's state is in place; any database effect runs in the transaction that records the checkpoint. */
    record Done(Runnable databaseEffect) implements StepResult {
    }

    /** Not yet (a transient failure, or a condition still pending): run the step again after the delay. */
    record RetryLater(Duration after, String reason) implements StepResult {
    }

    /** The operation cannot succeed; the error reaches the caller. */
    record Failed(ArmError error) implements StepResult {
    }

    static StepResult done() {
        return new Done(() -> { });
    }

    static StepResult doneAfter(Runnable databaseEffect) {
        return new Done(databaseEffect);
    }

    static StepResult retryLater(Duration after, String reason) {
        return new RetryLater(after, reason);
    }

    static StepResult failed(ArmError error) {
        return new Failed(error);
    }
}
