package org.fleetmesh.rp.operation;

import static org.fleetmesh.rp.settings.ValidatedSettings.requireAtLeast;
import static org.fleetmesh.rp.settings.ValidatedSettings.requirePositive;

import java.time.Duration;
import org.fleetmesh.rp.settings.ValidatedSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;

/**
 * How the operation workers behave; the defaults are in {@code application.yaml}.
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
        Duration synchronousBudget) implements ValidatedSettings {

    @Override
    public void check(Errors errors) {
        requireAtLeast(errors, "threads", threads, 1);
        requirePositive(errors, "pollingInterval", pollingInterval);
        requirePositive(errors, "heartbeatInterval", heartbeatInterval);
        requireAtLeast(errors, "missedHeartbeatsLimit", missedHeartbeatsLimit, 1);
        requirePositive(errors, "shutdownMaxWait", shutdownMaxWait);
        requireAtLeast(errors, "maxAttempts", maxAttempts, 1);
        requirePositive(errors, "retryBase", retryBase);
        requirePositive(errors, "retryCap", retryCap);
        if (!errors.hasFieldErrors("retryCap") && retryBase != null && retryCap.compareTo(retryBase) < 0) {
            errors.rejectValue("retryCap", "min", "must not be shorter than retry-base");
        }
        requirePositive(errors, "retention", retention);
        if (synchronousBudget == null || synchronousBudget.isNegative()) {
            errors.rejectValue("synchronousBudget", "min", "must be zero (every write answered asynchronously) or more");
        }
    }
}
