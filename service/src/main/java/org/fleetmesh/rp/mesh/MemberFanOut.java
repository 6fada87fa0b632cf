package org.fleetmesh.rp.mesh;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.operation.OperationProgress;
import org.fleetmesh.rp.operation.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A step's work for each member, in parallel up to the configured bound, with its progress reported; and the member
 * retry window, within which a member that a dependency failed is tried again rather than failed.
 */
@Component
class MemberFanOut {

    private static final Logger log = LoggerFactory.getLogger(ApplyStep.LOGGER);

    private final MeshMembers members;
    private final MeshSettings settings;
    private final OperationProgress progress;
    private final MeshWorkers workers;

    MemberFanOut(MeshMembers members, MeshSettings settings, OperationProgress progress, MeshWorkers workers) {
        this.members = members;
        this.settings = settings;
        this.progress = progress;
        this.workers = workers;
    }

    /**
     * Runs the work for each member in parallel. A member whose work fails because a dependency failed (its API server
     * unreachable, Azure timing out) is left as it is while the member retry window is open, and the step is tried
     * again after a backoff; any other failure, or one after the window, marks the member Failed with the reason.
     */
    StepResult forEachMember(OperationEntity operation, ApplyStep step, List<MemberEntity> targets,
            Consumer<MemberEntity> work, boolean failureWithdrawsMember) {
        String operationId = operation.getId().toString();
        boolean retryable = Instant.now().isBefore(retryUntil(operation));
        Map<String, ArmError> retrying = new ConcurrentSkipListMap<>();
        AtomicInteger done = new AtomicInteger();
        progress.report(operation.getId(), step.ordinal(), ApplyStep.COUNT, 0, targets.size());
        workers.all(targets.stream().<Callable<Void>>map(member -> () -> {
            try {
                work.accept(member);
            } catch (ArmException failure) {
                ArmError error = failure.toError();
                ArmError memberError = new ArmError(error.code(), error.message(), member.getName(), error.details());
                if (retryable && failure.code().isTransient()) {
                    log.info("member={} step={} event=retrying code={} attempt={} reason=\"{}\"", member.getName(),
                            step.name(), error.code(), operation.getAttempts() + 1, error.message());
                    retrying.put(member.getName(), memberError);
                } else {
                    members.failed(member.getId(), memberError, operationId, failureWithdrawsMember);
                }
            } finally {
                int finished = done.incrementAndGet();
                // About one update per percent of the step: enough for a watcher, few writes in a large mesh.
                if (finished == targets.size() || finished % Math.max(1, targets.size() / 100 * ApplyStep.COUNT) == 0) {
                    progress.report(operation.getId(), step.ordinal(), ApplyStep.COUNT, finished, targets.size());
                }
            }
            return null;
        }).toList());
        return retrying.isEmpty() ? StepResult.done() : retryMembers(retrying);
    }

    /** The step again, later, for members a dependency failed: the first one's error ends the apply at its deadline. */
    static StepResult retryMembers(Map<String, ArmError> retrying) {
        ArmError first = retrying.values().iterator().next();
        return StepResult.retryAfterDependencyFailure("members " + String.join(", ", retrying.keySet())
                + " failed with a dependency's error (" + first.code() + "); trying again", first);
    }

    /** Until when members' dependency failures are retried: the retry window from the apply's start, within its deadline. */
    Instant retryUntil(OperationEntity operation) {
        Instant window = operation.getStartTime().plus(settings.memberRetryWindow());
        return window.isBefore(operation.getDeadline()) ? window : operation.getDeadline();
    }
}
