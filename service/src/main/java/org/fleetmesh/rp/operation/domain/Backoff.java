package org.fleetmesh.rp.operation.domain;

import java.time.Duration;

/**
 * Exponential backoff with full jitter: the n-th retry waits a random time up to base·2ⁿ, capped. Jitter keeps
 * many operations that failed together (an API server restarting, a throttled ARM) from retrying together.
 */
public record Backoff(Duration base, Duration cap) {

    /**
     * @param attempt how many attempts have failed so far (1 for the first retry)
     * @param random  a value in [0, 1) that spreads the delay
     */
    public Duration delay(int attempt, double random) {
        long ceiling = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 30);
        long capped = Math.min(ceiling, cap.toMillis());
        return Duration.ofMillis(Math.max(1, (long) (capped * random)));
    }
}
