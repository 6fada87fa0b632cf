package org.fleetmesh.rp.operation;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.fleetmesh.domain.OperationStatus;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.persistence.operation.OperationRepository;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ArmModels;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.operation.domain.Backoff;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Executes one operation from its checkpoint: each step in order, the checkpoint written after each step in
 * the same transaction as the step's database effect, so a run that dies mid-step repeats that step and no
 * other. Retries, the deadline and hand-back on shutdown are decided here, never inside steps.
 */
@Component
class OperationRunner {

    private static final Logger log = LoggerFactory.getLogger(OperationRunner.class);

    private final OperationRepository operations;
    private final OperationTypes types;
    private final TransactionTemplate transactions;
    private final ArmModels models;
    private final OperationMetrics metrics;
    private final OperationSettings settings;
    private final Backoff backoff;
    private final OperationEnds ends;
    private final Clock clock;
    private volatile boolean handingBack;

    OperationRunner(OperationRepository operations, OperationTypes types, TransactionTemplate transactions,
            ArmModels models, OperationMetrics metrics, OperationSettings settings, OperationEnds ends, Clock clock) {
        this.operations = operations;
        this.types = types;
        this.transactions = transactions;
        this.models = models;
        this.metrics = metrics;
        this.settings = settings;
        this.backoff = new Backoff(settings.retryBase(), settings.retryCap());
        this.ends = ends;
        this.clock = clock;
    }

    /** From now on, running operations stop at their next step boundary and are rescheduled for another replica. */
    void handBack() {
        handingBack = true;
    }

    /**
     * @param leaseLost whether this replica's lease on the operation has gone stale (missed heartbeats): another
     *                  replica may be reviving it, so this one must not start another step
     */
    CompletionHandler<Void> run(UUID operationId, BooleanSupplier leaseLost) {
        OperationEntity operation = operations.findById(operationId).orElse(null);
        if (operation == null || operation.isTerminal()) {
            return new CompletionHandler.OnCompleteRemove<>();
        }
        MDC.put("operationId", operationId.toString());
        MDC.put("correlationId", String.valueOf(operation.getCorrelationId()));
        try {
            if (clock.instant().isAfter(operation.getDeadline()) && types.find(operation.getKind()).isEmpty()) {
                return abandon(operationId, ArmError.of(ErrorCode.OPERATION_TIMED_OUT, "The operation was not started before "
                        + "its deadline: no replica of this version can run operations of kind '" + operation.getKind()
                        + "'. Retry the request.", null));
            }
            Optional<OperationType> type = types.find(operation.getKind());
            if (type.isEmpty()) {
                // A newer replica accepted it during a rolling upgrade; leave it to one that knows the kind.
                Duration wait = backoff.delay(operation.getAttempts() + 1, ThreadLocalRandom.current().nextDouble());
                record(operationId, operation.getCheckpoint(), OperationEntity::retryLater);
                log.info("event=unknownKind kind={} retryInMs={}", operation.getKind(), wait.toMillis());
                return rescheduleAt(clock.instant().plus(wait));
            }
            return runSteps(operation, type.get(), leaseLost);
        } catch (OptimisticLockingFailureException moved) {
            // Another runner moved the operation on while this one ran a step: one whose lease was revived after it
            // missed its heartbeats, or the one that revived it. Neither knows which it is, so neither removes the
            // execution: rescheduling re-reads the checkpoint. A stale lease's reschedule fails in db-scheduler (its
            // version is outdated); the current one resumes from the checkpoint or sees the operation ended.
            log.warn("event=conflict reason=\"{}\"; rescheduling to resume from the stored checkpoint", moved.getMessage());
            return rescheduleAt(clock.instant());
        } finally {
            MDC.remove("operationId");
            MDC.remove("correlationId");
        }
    }

    private CompletionHandler<Void> runSteps(OperationEntity operation, OperationType type, BooleanSupplier leaseLost) {
        List<OperationStep> steps = type.steps();
        while (operation.getCheckpoint() < steps.size()) {
            OperationStep step = steps.get(operation.getCheckpoint());
            if (handingBack) {
                log.info("step={} event=handedBack reason=shutdown", step.name());
                return rescheduleAt(clock.instant());
            }
            if (leaseLost.getAsBoolean()) {
                // Steps outside the database are idempotent but must not run on two replicas at once.
                log.warn("step={} event=leaseStale; stopping before the step", step.name());
                return rescheduleAt(clock.instant());
            }
            if (clock.instant().isAfter(operation.getDeadline())) {
                return finish(operation, type, ArmError.of(ErrorCode.OPERATION_TIMED_OUT, "The operation did not finish within its "
                        + "deadline: step '" + step.name() + "' was still incomplete after " + operation.getAttempts()
                        + " attempt(s). Retry the request; if it times out again, check the target clusters' health.", step.name()));
            }
            int from = operation.getCheckpoint();
            operation = record(operation.getId(), from, op -> op.startStep(step.name()));
            log.info("step={} event=started attempt={}", step.name(), operation.getAttempts() + 1);
            StepResult result = attempt(step, operation);
            if (result instanceof StepResult.Done done) {
                operation = checkpoint(operation.getId(), from, steps.size(), done.databaseEffect());
                log.info("step={} event=completed", step.name());
            } else if (result instanceof StepResult.RetryLater retry) {
                OperationEntity retried = record(operation.getId(), from, OperationEntity::retryLater);
                if (retry.countsAsFailure() && retried.getAttempts() >= settings.maxAttempts()) {
                    return finish(retried, type, ArmError.of(ErrorCode.INTERNAL_SERVER_ERROR, "Step '" + step.name()
                            + "' failed unexpectedly " + retried.getAttempts() + " times. Retry the request; if it fails "
                            + "again, report correlation id " + retried.getCorrelationId() + ".", step.name()));
                }
                Duration delay = retry.after() != null ? retry.after()
                        : backoff.delay(retried.getAttempts(), ThreadLocalRandom.current().nextDouble());
                if (retry.cause() != null && clock.instant().plus(delay).isAfter(retried.getDeadline())) {
                    log.info("step={} event=failed reason=\"{}\" retries=exhausted attempts={}", step.name(), retry.reason(),
                            retried.getAttempts());
                    return finish(retried, type, retry.cause());
                }
                log.info("step={} event=retrying in={}ms reason=\"{}\"", step.name(), delay.toMillis(), retry.reason());
                return rescheduleAt(clock.instant().plus(delay));
            } else {
                log.info("step={} event=failed", step.name());
                return finish(operation, type, ((StepResult.Failed) result).error());
            }
        }
        return finish(operation, type, null);
    }

    /**
     * Runs a step; failures of the database, the network or another dependency are transient, everything the caller
     * did wrong is not.
     */
    private static StepResult attempt(OperationStep step, OperationEntity operation) {
        try {
            return step.run(operation);
        } catch (ArmException failure) {
            // A dependency's failure is worth another try; the caller's and this service's are final.
            return failure.code().isTransient()
                    ? StepResult.retryAfterDependencyFailure(failure.getMessage(), failure.toError())
                    : StepResult.failed(failure.toError());
        } catch (TransientDataAccessException | RecoverableDataAccessException | DataAccessResourceFailureException
                | UncheckedIOException transientFailure) {
            return new StepResult.RetryLater(null, transientFailure.getMessage(), false);
        } catch (RuntimeException unexpected) {
            log.error("step={} event=error", step.name(), unexpected);
            return new StepResult.RetryLater(null, unexpected.getClass().getSimpleName() + ": " + unexpected.getMessage(), true);
        }
    }

    /**
     * Applies the step's effect and moves the checkpoint on, in one transaction, only if the operation is still at
     * the checkpoint the step started from: otherwise another runner completed the step meanwhile, and applying the
     * effect again would apply it twice (and skip the next step).
     */
    private OperationEntity checkpoint(UUID operationId, int from, int totalSteps, Runnable databaseEffect) {
        return transactions.execute(status -> {
            OperationEntity fresh = stillAt(operationId, from);
            databaseEffect.run();
            fresh.completeStep(totalSteps);
            return operations.saveAndFlush(fresh);
        });
    }

    private OperationEntity record(UUID operationId, int from, Consumer<OperationEntity> change) {
        return transactions.execute(status -> {
            OperationEntity fresh = stillAt(operationId, from);
            change.accept(fresh);
            return operations.saveAndFlush(fresh);
        });
    }

    /**
     * The operation as stored, if no other runner has moved it since this one read it; the entity's version then
     * makes a concurrent writer of the same row fail at flush.
     */
    private OperationEntity stillAt(UUID operationId, int checkpoint) {
        OperationEntity fresh = operations.findById(operationId).orElseThrow();
        if (fresh.isTerminal() || fresh.getCheckpoint() != checkpoint) {
            throw new OptimisticLockingFailureException("operation is " + fresh.getStatus() + " at checkpoint "
                    + fresh.getCheckpoint() + ", not at checkpoint " + checkpoint + " where this runner left it");
        }
        return fresh;
    }

    private CompletionHandler<Void> finish(OperationEntity operation, OperationType type, ArmError error) {
        Instant now = clock.instant();
        OperationEntity ended = transactions.execute(status -> {
            OperationEntity fresh = stillAt(operation.getId(), operation.getCheckpoint());
            fresh.finish(error == null ? OperationStatus.Succeeded : OperationStatus.Failed, error == null ? 200 : ErrorCode.statusOf(error.code()),
                    models.store(error), now);
            type.finished(fresh, error);
            return operations.saveAndFlush(fresh);
        });
        metrics.ended(ended);
        // After the commit: a request waiting for this end reads it back at once.
        ends.ended(ended.getId());
        log.info("event=ended status={} durationMs={}", ended.getStatus(),
                Duration.between(ended.getStartTime(), now).toMillis());
        return new CompletionHandler.OnCompleteRemove<>();
    }

    /**
     * Ends an operation that failed outside any step, again and again (its type's own end cannot be trusted
     * then, so only the operation is ended). Without this, such an operation would hold its resource forever.
     */
    CompletionHandler<Void> abandon(UUID operationId, ArmError error) {
        OperationEntity ended = transactions.execute(status -> {
            OperationEntity fresh = operations.findById(operationId).orElse(null);
            if (fresh == null || fresh.isTerminal()) {
                return fresh;
            }
            fresh.finish(OperationStatus.Failed, ErrorCode.statusOf(error.code()), models.store(error), clock.instant());
            return operations.saveAndFlush(fresh);
        });
        if (ended != null) {
            metrics.ended(ended);
            ends.ended(ended.getId());
            log.warn("operation={} event=abandoned reason=\"{}\"", operationId, error.message());
        }
        return new CompletionHandler.OnCompleteRemove<>();
    }

    /** When to try an operation again after its run failed outside any step; null once it has failed too often. */
    @Nullable Instant retryAfterRunFailure(int consecutiveFailures) {
        if (consecutiveFailures >= settings.maxAttempts()) {
            return null;
        }
        return clock.instant().plus(backoff.delay(consecutiveFailures, ThreadLocalRandom.current().nextDouble()));
    }

    private static CompletionHandler<Void> rescheduleAt(Instant when) {
        return (complete, executionOperations) -> executionOperations.reschedule(complete, when);
    }
}
