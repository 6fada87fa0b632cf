package org.fleetmesh.rp.operation;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.arm.ErrorCode;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs operations through db-scheduler: an accepted operation is a row in {@code scheduled_tasks}; one replica
 * picks it (a lease kept alive by heartbeats), and if that replica dies another revives it once the heartbeats
 * stop. db-scheduler is used rather than a hand-written queue because it already gets the hard parts right:
 * lock-and-fetch with SKIP LOCKED, heartbeats, dead-execution revival and graceful shutdown.
 */
@Component
public class OperationScheduler implements SmartLifecycle {

    static final String TASK = "operation";

    private final Scheduler scheduler;
    private final CustomTask<Void> task;
    private final OperationRunner runner;
    private volatile boolean running;

    /**
     * @param featureTasks recurring tasks of other features (beans of db-scheduler's {@code RecurringTask}), run by one
     *            replica at a time like the retention purge
     */
    OperationScheduler(DataSource dataSource, OperationRunner runner, OperationRetention retention, OperationSettings settings,
            List<RecurringTask<?>> featureTasks) {
        this.runner = runner;
        this.task = Tasks.custom(TASK, Void.class)
                .onFailure((complete, executions) -> {
                    // The run itself failed (the database went away while recording a step, say): back off, and
                    // end the operation once it keeps failing, so it cannot hold its resource forever.
                    Instant next = runner.retryAfterRunFailure(complete.getExecution().consecutiveFailures + 1);
                    if (next == null) {
                        runner.abandon(UUID.fromString(complete.getExecution().getId()), ArmError.of(
                                ErrorCode.INTERNAL_SERVER_ERROR, "The operation failed repeatedly. Retry the request.", null));
                        executions.remove();
                    } else {
                        executions.reschedule(complete, next);
                    }
                })
                .onDeadExecutionRevive()
                .execute((instance, context) -> runner.run(UUID.fromString(instance.getId()),
                        () -> context.getCurrentlyExecuting().getHeartbeatState().hasStaleHeartbeat()));
        // The proxy lets scheduling join the caller's transaction, so an operation and its execution commit together.
        // One instance for all replicas: whichever replica picks it up purges for everyone.
        RecurringTask<Void> purge = Tasks.recurring("operation-retention", FixedDelay.ofHours(1))
                .execute((instance, context) -> retention.purge());
        List<RecurringTask<?>> recurring = new ArrayList<>(featureTasks);
        recurring.add(purge);
        this.scheduler = Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), task)
                .startTasks(recurring)
                .threads(settings.threads())
                .pollingInterval(settings.pollingInterval())
                .heartbeatInterval(settings.heartbeatInterval())
                .missedHeartbeatsLimit(settings.missedHeartbeatsLimit())
                .shutdownMaxWait(settings.shutdownMaxWait())
                .pollUsingLockAndFetch(0.5, 1.0)
                .schedulerName(new SchedulerName.Fixed(replicaName()))
                .build();
    }

    /** Queues the operation in the current transaction; this replica looks for it as soon as the transaction commits. */
    public void submit(UUID operationId) {
        scheduler.schedule(task.instance(operationId.toString()), Instant.now());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    scheduler.triggerCheckForDueExecutions();
                }
            });
        } else {
            scheduler.triggerCheckForDueExecutions();
        }
    }

    /** Host name and process id: unique per replica even where several share a host. */
    private static String replicaName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unnamed) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    @Override
    public void start() {
        scheduler.start();
        running = true;
    }

    /** Stops taking work; running operations hand themselves back at their next step boundary. */
    @Override
    public void stop() {
        runner.handBack();
        scheduler.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop before the web server and the database pool go away. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

}
