package org.fleetmesh.rp.operation;

import java.time.Duration;
import java.util.Optional;

/**
 * The Retry-After an operation still running is answered with: the seconds it is expected to need still, within the
 * range ARM's contract allows (RPC async-api-reference, "202 Accepted and Location Headers": "in seconds, with a
 * minimum of 10 seconds and a maximum of 10 minutes").
 */
final class RetryAfter {

    static final int MIN_SECONDS = 10;
    static final int MAX_SECONDS = 600;

    private RetryAfter() {
    }

    /**
     * @param elapsed         since the operation was accepted
     * @param percentComplete as the operation reports it (0 until a step reports progress)
     * @param typical         how long operations of its kind took when they succeeded, if known
     */
    static int seconds(Duration elapsed, double percentComplete, Optional<Duration> typical) {
        double elapsedSeconds = Math.max(0, elapsed.toMillis()) / 1000.0;
        double remaining;
        if (percentComplete > 0 && percentComplete < 100) {
            // Progress so far extrapolated: what took elapsed for percentComplete takes the rest at the same pace.
            remaining = elapsedSeconds * (100 - percentComplete) / percentComplete;
        } else {
            remaining = typical.map(t -> t.toMillis() / 1000.0 - elapsedSeconds).orElse(0.0);
        }
        long rounded = (long) Math.ceil(remaining);
        return (int) Math.max(MIN_SECONDS, Math.min(MAX_SECONDS, rounded));
    }
}
