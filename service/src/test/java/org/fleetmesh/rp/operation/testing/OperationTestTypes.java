package org.fleetmesh.rp.operation.testing;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.fleetmesh.rp.operation.DefinedOperation;
import org.fleetmesh.rp.operation.OperationStep;
import org.fleetmesh.rp.operation.OperationType;
import org.fleetmesh.rp.operation.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Operation types that exist only for the process-level tests and the benchmark, in the service when it runs with
 * the {@value #PROFILE} profile. They count their own effects in the test tables ({@link OperationTestTables}),
 * through {@link StepResult#doneAfter}, so an effect is in the database exactly when the step's checkpoint is.
 */
@Configuration(proxyBeanMethods = false)
@Profile(OperationTestTypes.PROFILE)
public class OperationTestTypes {

    public static final String PROFILE = "operation-test";

    /** Three steps; each enters (recorded), waits for its signal, then records its effect. */
    public static final String SIGNALLED_EFFECTS = "Test_SignalledEffects";
    public static final int SIGNALLED_STEPS = 3;

    /** One step that records one effect: the trivial operation of the replica test and the benchmark. */
    public static final String COUNT_ONCE = "Test_CountOnce";

    /** The name a process records its arrivals and effects under. */
    public static final String WORKER_PROPERTY = "fleetmesh.test.worker";

    /** The test JVM that started this worker: the worker ends when it does, even if that one was killed. */
    public static final String PARENT_PROPERTY = "fleetmesh.test.parent-pid";

    /** How long a signalled step waits for its signal before it asks to be run again later. */
    public static final String SIGNAL_WAIT_PROPERTY = "fleetmesh.test.signal-wait";

    private static final Logger log = LoggerFactory.getLogger(OperationTestTypes.class);
    private static final Duration POLL = Duration.ofMillis(25);

    private final String worker = System.getProperty(WORKER_PROPERTY, "worker-" + ProcessHandle.current().pid());
    private final Duration signalWait = Duration.parse(System.getProperty(SIGNAL_WAIT_PROPERTY, "PT60S"));

    @Bean
    OperationType signalledEffects(JdbcTemplate jdbc) {
        List<OperationStep> steps = IntStream.rangeClosed(1, SIGNALLED_STEPS).mapToObj(n -> signalled(jdbc, n)).toList();
        return DefinedOperation.of(SIGNALLED_EFFECTS, steps, (operation, error) -> { });
    }

    @Bean
    OperationType countOnce(JdbcTemplate jdbc) {
        OperationStep counted = OperationStep.of("counted", operation -> {
            Timestamp started = Timestamp.from(Instant.now());
            UUID id = operation.getId();
            return StepResult.doneAfter(() -> recordEffect(jdbc, id, 1, started));
        });
        return DefinedOperation.of(COUNT_ONCE, List.of(counted), (operation, error) -> { });
    }

    /** The tests wait for this row before they count on the worker. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> announceReady(JdbcTemplate jdbc) {
        return ready -> {
            OperationTestTables.create(jdbc);
            // The port its metrics are served on: the management port.
            int port = ready.getApplicationContext().getEnvironment().getProperty("local.management.port", Integer.class, 0);
            jdbc.update("insert into optest_workers (name, pid, port, ready_at) values (?, ?, ?, clock_timestamp())", worker,
                    ProcessHandle.current().pid(), port);
            log.info("test worker {} ready (pid {})", worker, ProcessHandle.current().pid());
            endWithParent();
        };
    }

    /** An orphaned worker would go on polling the test schema and holding connections; it halts as if killed. */
    private void endWithParent() {
        String parent = System.getProperty(PARENT_PROPERTY);
        if (parent == null) {
            return;
        }
        ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(
                handle -> handle.onExit().thenRun(() -> {
                    log.warn("test worker {}: the test JVM {} ended; halting", worker, parent);
                    Runtime.getRuntime().halt(137);
                }),
                () -> Runtime.getRuntime().halt(137));
    }

    private OperationStep signalled(JdbcTemplate jdbc, int step) {
        return OperationStep.of("signalled" + step, operation -> {
            UUID id = operation.getId();
            Instant entered = Instant.now();
            jdbc.update("insert into optest_arrivals (operation_id, step, worker, arrived_at) values (?, ?, ?, ?)", id, step,
                    worker, Timestamp.from(entered));
            Instant giveUp = entered.plus(signalWait);
            // Database errors propagate: the runner treats them as transient, which is what the restart test exercises.
            while (jdbc.queryForObject("select count(*) from optest_signals where operation_id = ? and step = ?",
                    Integer.class, id, step) == 0) {
                if (Instant.now().isAfter(giveUp)) {
                    return StepResult.retryLater(Duration.ofMillis(200), "signal " + step + " not released yet");
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException interrupted) {
                    // The scheduler interrupts steps that outlast its shutdown wait: answering "not yet" hands the
                    // operation back through the runner, at the checkpoint it has.
                    return StepResult.retryLater(Duration.ZERO, "interrupted while waiting for signal " + step);
                }
            }
            Timestamp started = Timestamp.from(entered);
            return StepResult.doneAfter(() -> recordEffect(jdbc, id, step, started));
        });
    }

    private void recordEffect(JdbcTemplate jdbc, UUID operation, int step, Timestamp started) {
        jdbc.update("insert into optest_effects (operation_id, step, worker, started_at) values (?, ?, ?, ?)", operation, step,
                worker, started);
    }
}
