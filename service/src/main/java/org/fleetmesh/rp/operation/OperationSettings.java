package org.fleetmesh.rp.operation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the operation workers behave.
 *
 * @param threads               operations one replica runs at a time
 * @param pollingInterval       how often a replica looks for work another replica accepted (its own starts at once)
 * @param heartbeatInterval     how often a running operation renews its lease
 * @param missedHeartbeatsLimit missed heartbeats after which another replica takes the operation over
 * @param shutdownMaxWait       how long a stopping replica waits for running steps before handing them back
 * @param maxAttempts           attempts of one step that failed unexpectedly before the operation fails
 * @param retryBase             first retry delay; doubles per attempt, with jitter
 * @param retryCap              longest retry delay
 * @param retention             how long an ended operation stays readable through its monitors
 * @param synchronousBudget     how long a write waits for the operation it started on this replica; one that ends
 *                              Succeeded within it is answered as a completed write (no polling). Zero: always async
 */
@ConfigurationProperties("fleetmesh.operations")
public record OperationSettings(int threads, Duration pollingInterval, Duration heartbeatInterval, int missedHeartbeatsLimit,
        Duration shutdownMaxWait, int maxAttempts, Duration retryBase, Duration retryCap, Duration retention,
        Duration synchronousBudget) {

    public OperationSettings {
        if (synchronousBudget == null || synchronousBudget.isNegative()) {
            synchronousBudget = Duration.ZERO;
        }
    }
}
