package org.fleetmesh.rp.operation;

import java.time.Duration;
import org.fleetmesh.rp.arm.ArmError;

/** What a step reports; the runner, not the step, persists the consequence. */
public sealed interface StepResult {

    /** The step's state is in place; any database effect runs in the transaction that records the checkpoint. */
    record Done(Runnable databaseEffect) implements StepResult {
    }

    /**
     * Not yet: run the step again later.
     *
     * @param after      when; null means "back off", growing with each attempt
     * @param reason     why, for the log
     * @param countsAsFailure whether this attempt counts towards the limit of unexpected failures; a pending
     *                   condition or a transient outage does not, it is bounded by the deadline alone
     * @param cause      the error of a dependency that failed, if that is why: the operation ends with it when no
     *                   retry fits before the deadline
     */
    record RetryLater(Duration after, String reason, boolean countsAsFailure, ArmError cause) implements StepResult {

        public RetryLater(Duration after, String reason, boolean countsAsFailure) {
            this(after, reason, countsAsFailure, null);
        }
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
        return new RetryLater(after, reason, false);
    }

    /** A dependency failed with this error: try again after a backoff, and end with it at the deadline. */
    public static StepResult retryAfterDependencyFailure(String reason, ArmError cause) {
        return new RetryLater(null, reason, false, cause);
    }

    static StepResult failed(ArmError error) {
        return new Failed(error);
    }
}
