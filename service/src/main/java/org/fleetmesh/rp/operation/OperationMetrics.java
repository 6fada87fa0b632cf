package org.fleetmesh.rp.operation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.persistence.operation.OperationRepository;
import org.springframework.stereotype.Component;

/**
 * Operation metrics on the actuator's Prometheus endpoint: accepted and ended counts by type and outcome,
 * durations, queue depth and the age of the oldest operation not yet ended. The two gauges read the database,
 * so they describe the whole service, not one replica.
 */
@Component
class OperationMetrics {

    private final MeterRegistry registry;

    OperationMetrics(MeterRegistry registry, OperationRepository operations, Clock clock) {
        this.registry = registry;
        Backlog backlog = new Backlog(operations, clock);
        Gauge.builder("fleetmesh.operations.pending", backlog, b -> b.read().pending())
                .description("Operations accepted and not yet ended, on all replicas")
                .register(registry);
        Gauge.builder("fleetmesh.operations.oldest.pending.age", backlog, b -> b.read().oldestAgeSeconds())
                .description("Seconds since the oldest operation not yet ended was accepted")
                .baseUnit("seconds")
                .register(registry);
    }

    /** The backlog as the database last showed it; read at most every few seconds, however often metrics are scraped. */
    private static final class Backlog {

        private static final Duration FRESH_FOR = Duration.ofSeconds(5);

        private final OperationRepository operations;
        private final Clock clock;
        private Reading last = new Reading(0, 0, Instant.MIN);

        Backlog(OperationRepository operations, Clock clock) {
            this.operations = operations;
            this.clock = clock;
        }

        synchronized Reading read() {
            Instant now = clock.instant();
            if (last.at().plus(FRESH_FOR).isBefore(now)) {
                double age = operations.oldestActiveStart().map(start -> Duration.between(start, now).toMillis() / 1000.0)
                        .orElse(0.0);
                last = new Reading(operations.countActive(), age, now);
            }
            return last;
        }
    }

    private record Reading(long pending, double oldestAgeSeconds, Instant at) {
    }

    void accepted(String kind) {
        Counter.builder("fleetmesh.operations.accepted").tag("type", kind).register(registry).increment();
    }

    /** How long operations of this kind that succeeded took on this replica, on average; empty before the first. */
    java.util.Optional<Duration> typicalDuration(String kind) {
        Timer timer = registry.find("fleetmesh.operations.duration").tag("type", kind).tag("outcome", "Succeeded").timer();
        if (timer == null || timer.count() == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Duration.ofNanos((long) timer.mean(java.util.concurrent.TimeUnit.NANOSECONDS)));
    }

    void ended(OperationEntity operation) {
        Instant end = operation.getEndTime();
        Counter.builder("fleetmesh.operations.ended").tag("type", operation.getKind()).tag("outcome", operation.getStatus().name())
                .register(registry).increment();
        Timer.builder("fleetmesh.operations.duration").tag("type", operation.getKind()).tag("outcome", operation.getStatus().name())
                .register(registry).record(Duration.between(operation.getStartTime(), end));
    }
}
