package org.fleetmesh.rp.operation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Test
    void theCeilingDoublesWithEachAttempt() {
        assertThat(backoff.delay(1, 0.999)).isEqualTo(Duration.ofMillis(999));
        assertThat(backoff.delay(2, 0.999)).isEqualTo(Duration.ofMillis(1998));
        assertThat(backoff.delay(4, 0.999)).isEqualTo(Duration.ofMillis(7992));
    }

    @Test
    void theCeilingIsCapped() {
        assertThat(backoff.delay(40, 0.999)).isEqualTo(Duration.ofMillis(59940));
    }

    @Test
    void jitterSpreadsTheDelayButNeverToZero() {
        assertThat(backoff.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ofMillis(1));
    }
}
