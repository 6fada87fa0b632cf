package org.fleetmesh.rp.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    @Test
    void progressIsExtrapolatedWithinArmsRange() {
        // 25 % in 20 s: 60 s still to go.
        assertThat(RetryAfter.seconds(Duration.ofSeconds(20), 25, Optional.empty())).isEqualTo(60);
        // Nearly done, or no idea: ARM's minimum.
        assertThat(RetryAfter.seconds(Duration.ofSeconds(20), 99, Optional.empty())).isEqualTo(10);
        assertThat(RetryAfter.seconds(Duration.ofSeconds(1), 0, Optional.empty())).isEqualTo(10);
        // 1 % in an hour: ARM's maximum, 10 minutes.
        assertThat(RetryAfter.seconds(Duration.ofHours(1), 1, Optional.empty())).isEqualTo(600);
    }

    @Test
    void withoutProgressTheKindsTypicalDurationLeftIsExpected() {
        assertThat(RetryAfter.seconds(Duration.ofSeconds(5), 0, Optional.of(Duration.ofSeconds(45)))).isEqualTo(40);
        assertThat(RetryAfter.seconds(Duration.ofSeconds(50), 0, Optional.of(Duration.ofSeconds(45)))).isEqualTo(10);
        assertThat(RetryAfter.seconds(Duration.ofSeconds(1), 100, Optional.of(Duration.ofSeconds(2)))).isEqualTo(10);
    }

    @Test
    void aWaiterIsWokenByTheEndAndForgottenAfterwards() throws Exception {
        OperationEnds ends = new OperationEnds();
        UUID id = UUID.randomUUID();
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> ends.await(id, Duration.ofSeconds(10), () -> false));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ends.waiting() == 1);
        ends.ended(id);
        // True only when woken: a waiter the end never reaches gets false, after its whole budget.
        assertThat(waited.get()).isTrue();
        assertThat(ends.waiting()).isZero();
    }

    @Test
    void anEndAlreadyCommittedIsSeenAndAnOperationStillRunningIsWaitedForOnlyTheBudget() {
        OperationEnds ends = new OperationEnds();
        assertThat(ends.await(UUID.randomUUID(), Duration.ofSeconds(10), () -> true)).isTrue();
        long started = System.nanoTime();
        assertThat(ends.await(UUID.randomUUID(), Duration.ofMillis(50), () -> false)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(ends.waiting()).isZero();
    }
}
