package org.fleetmesh.rp.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.fleetmesh.domain.OperationStatus;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.persistence.operation.OperationRepository;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ArmModels;
import org.fleetmesh.rp.arm.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runner against an operation that another runner moves on while this one is inside a step: a runner whose
 * lease db-scheduler revived after missed heartbeats (a database outage, a long GC pause) keeps running next to the
 * one that revived it. Its writes must not apply a step's effect a second time, nor end the operation twice.
 */
class OperationRunnerTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final String KIND = "Test_TwoSteps";

    private final OperationRepository repository = mock(OperationRepository.class);
    private final List<String> effects = new ArrayList<>();
    private final AtomicInteger finished = new AtomicInteger();
    private OperationEntity stored;
    private Runnable duringFirstStep = () -> { };

    @BeforeEach
    void storeOperation() {
        stored = new OperationEntity(UUID.randomUUID(), "sub", "westus", "/subscriptions/sub/x", KIND, NOW,
                NOW.plus(Duration.ofMinutes(30)), "corr", null);
        when(repository.findById(stored.getId())).thenAnswer(call -> Optional.of(stored));
        when(repository.saveAndFlush(any())).thenAnswer(call -> call.getArgument(0));
    }

    @Test
    void stepsRunInOrderEachEffectOnceAndTheOperationEndsSucceeded() {
        CompletionHandler<Void> handler = runner().run(stored.getId(), () -> false);

        assertThat(effects).containsExactly("first", "second");
        assertThat(stored.getStatus()).isEqualTo(OperationStatus.Succeeded);
        assertThat(stored.getCheckpoint()).isEqualTo(2);
        assertThat(finished).hasValue(1);
        assertThat(handler).isInstanceOf(CompletionHandler.OnCompleteRemove.class);
    }

    @Test
    void aStepAnotherRunnerCompletedMeanwhileIsNotAppliedAgainAndTheNextStepIsNotSkipped() {
        duringFirstStep = () -> stored.completeStep(2);

        CompletionHandler<Void> handler = runner().run(stored.getId(), () -> false);

        assertThat(effects).as("the other runner applied the first step's effect; this one must not").isEmpty();
        assertThat(stored.getCheckpoint()).isEqualTo(1);
        assertThat(stored.getStatus()).isEqualTo(OperationStatus.Running);
        assertThat(finished).hasValue(0);
        assertReschedulesRatherThanRemoves(handler);
    }

    @Test
    void anOperationAnotherRunnerEndedMeanwhileIsNotEndedAgain() {
        duringFirstStep = () -> {
            stored.completeStep(2);
            stored.completeStep(2);
            stored.finish(OperationStatus.Succeeded, 200, null, NOW);
        };

        CompletionHandler<Void> handler = runner().run(stored.getId(), () -> false);

        assertThat(effects).isEmpty();
        assertThat(stored.getCheckpoint()).isEqualTo(2);
        assertThat(finished).hasValue(0);
        assertReschedulesRatherThanRemoves(handler);
    }

    @Test
    void aDependencysFailureIsTriedAgainLaterInsteadOfEndingTheOperation() {
        duringFirstStep = () -> {
            throw new ArmException(ErrorCode.AZURE_REQUEST_TIMED_OUT, "Azure did not answer in time.", null);
        };

        runner().run(stored.getId(), () -> false);

        assertThat(stored.getStatus()).isEqualTo(OperationStatus.Running);
        assertThat(stored.getCheckpoint()).isZero();
        assertThat(finished).hasValue(0);
    }

    @Test
    void aDependencysFailureEndsTheOperationWithItsOwnErrorWhenNoRetryFitsBeforeTheDeadline() {
        // The deadline is now: the step still runs, but no retry, however short its jittered backoff (at least 1 ms),
        // fits before it. A deadline some milliseconds away made this test depend on the jitter drawn.
        stored = new OperationEntity(UUID.randomUUID(), "sub", "westus", "/subscriptions/sub/x", KIND, NOW, NOW, "corr", null);
        when(repository.findById(stored.getId())).thenAnswer(call -> Optional.of(stored));
        duringFirstStep = () -> {
            throw new ArmException(ErrorCode.MEMBER_CLUSTER_UNREACHABLE, "The API server did not answer.", "m1");
        };

        runner().run(stored.getId(), () -> false);

        assertThat(stored.getStatus()).isEqualTo(OperationStatus.Failed);
        assertThat(stored.getError()).contains("MemberClusterUnreachable").contains("did not answer");
        assertThat(finished).hasValue(1);
    }

    @Test
    void theCallersErrorEndsTheOperationAtOnce() {
        duringFirstStep = () -> {
            throw new ArmException(ErrorCode.CLUSTER_NOT_FOUND, "No such cluster.", "properties.clusterResourceId");
        };

        runner().run(stored.getId(), () -> false);

        assertThat(stored.getStatus()).isEqualTo(OperationStatus.Failed);
        assertThat(stored.getError()).contains("ClusterNotFound");
    }

    /** The runner cannot tell whether its own lease is the stale one; only db-scheduler's version check can. */
    private static void assertReschedulesRatherThanRemoves(CompletionHandler<Void> handler) {
        @SuppressWarnings("unchecked")
        ExecutionOperations<Void> executions = mock(ExecutionOperations.class);
        ExecutionComplete complete = mock(ExecutionComplete.class);
        handler.complete(complete, executions);
        verify(executions).reschedule(eq(complete), eq(NOW));
        verify(executions, never()).remove();
    }

    private OperationRunner runner() {
        OperationStep first = OperationStep.of("first", operation -> {
            duringFirstStep.run();
            return StepResult.doneAfter(() -> effects.add("first"));
        });
        OperationStep second = OperationStep.of("second", operation -> StepResult.doneAfter(() -> effects.add("second")));
        OperationType type = DefinedOperation.of(KIND, List.of(first, second), (operation, error) -> finished.incrementAndGet());
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        OperationSettings settings = new OperationSettings(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 3,
                Duration.ofSeconds(1), 5, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofDays(14), Duration.ZERO);
        return new OperationRunner(repository, new OperationTypes(List.of(type)), new TransactionTemplate(new NoTransactions()),
                new ArmModels(JsonMapper.builder().build()), new OperationMetrics(new SimpleMeterRegistry(), repository, clock),
                settings, new OperationEnds(), clock);
    }

    /** Transactions are the database's business; this test is about what the runner writes. */
    private static final class NoTransactions extends AbstractPlatformTransactionManager {

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    }
}
