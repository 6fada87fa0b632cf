package org.fleetmesh.simulator;

import java.time.Duration;
import java.util.regex.Pattern;

/** The faults queued for the next ARM requests: throttling, server errors and delays, each consumed one per request. */
final class ArmFaults {

    /** What the next ARM request suffers: a replacement status (0 for none) and a delay before answering. */
    record Fault(int status, Duration retryAfter, Duration delay) {
        boolean replacesAnswer() {
            return status != 0;
        }
    }

    private int throttledRemaining;
    private Duration retryAfter = Duration.ZERO;
    private int failuresRemaining;
    private int failureStatus;
    private int delaysRemaining;
    private Duration delay = Duration.ZERO;
    private Pattern slowPath = Pattern.compile("(?!)");
    private Duration slowPathDelay = Duration.ZERO;

    synchronized void throttleNext(int count, Duration retryAfterValue) {
        throttledRemaining = count;
        retryAfter = retryAfterValue;
    }

    synchronized void failNext(int count, int status) {
        failuresRemaining = count;
        failureStatus = status;
    }

    synchronized void delayNext(int count, Duration delayValue) {
        delaysRemaining = count;
        delay = delayValue;
    }

    synchronized void slowDown(Pattern path, Duration delayValue) {
        slowPath = path;
        slowPathDelay = delayValue;
    }

    synchronized void clear() {
        throttledRemaining = 0;
        failuresRemaining = 0;
        delaysRemaining = 0;
        slowPath = Pattern.compile("(?!)");
    }

    /**
     * Takes the fault for one ARM request to {@code path}; throttling is served before server errors when both are
     * queued. A request to the slowed-down path takes that delay and leaves the counted delays to other requests.
     */
    synchronized Fault next(String path) {
        Duration thisDelay = Duration.ZERO;
        if (slowPath.matcher(path).matches()) {
            thisDelay = slowPathDelay;
        } else if (delaysRemaining > 0) {
            delaysRemaining--;
            thisDelay = delay;
        }
        if (throttledRemaining > 0) {
            throttledRemaining--;
            return new Fault(429, retryAfter, thisDelay);
        }
        if (failuresRemaining > 0) {
            failuresRemaining--;
            return new Fault(failureStatus, Duration.ZERO, thisDelay);
        }
        return new Fault(0, Duration.ZERO, thisDelay);
    }
}
