package org.fleetmesh.rp.operation;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;

/**
 * Tells a request waiting on this replica that the operation it accepted has ended, as soon as the runner has
 * committed the end. Nothing is kept for operations no one waits on; an operation another replica runs is not
 * seen here (the waiter reads the database once more when its budget is spent).
 */
@Component
class OperationEnds {

    private final ConcurrentMap<UUID, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    /** Called by the runner once the operation's end is committed. */
    void ended(UUID operationId) {
        CompletableFuture<Void> waiter = waiting.get(operationId);
        if (waiter != null) {
            waiter.complete(null);
        }
    }

    /**
     * Waits until the operation ends here or the budget is spent.
     *
     * @param endedAlready read after the waiter is registered, so an end committed just before is not missed
     * @return whether the end was seen (by notification or by {@code endedAlready})
     */
    boolean await(UUID operationId, Duration budget, BooleanSupplier endedAlready) {
        CompletableFuture<Void> waiter = waiting.computeIfAbsent(operationId, id -> new CompletableFuture<>());
        try {
            if (endedAlready.getAsBoolean()) {
                return true;
            }
            waiter.get(budget.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException impossible) {
            return false;
        } finally {
            waiting.remove(operationId, waiter);
        }
    }

    /** Requests waiting right now; for tests. */
    int waiting() {
        return waiting.size();
    }
}
