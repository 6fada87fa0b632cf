package org.fleetmesh.rp.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.groups.Tuple;
import org.fleetmesh.rp.operation.testing.OperationTestDatabase;
import org.fleetmesh.rp.operation.testing.OperationTestDatabase.Effect;
import org.fleetmesh.rp.operation.testing.OperationTestDatabase.OperationRow;
import org.fleetmesh.rp.operation.testing.OperationTestTypes;
import org.fleetmesh.rp.operation.testing.WorkerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Process-level tests of the operation engine: the service runs as separate worker JVMs on a schema of their own
 * ({@value #SCHEMA}, so no other suite's replica picks up the test operation types), the test accepts operations
 * into the database as another replica would, and reads what the operations themselves recorded.
 */
abstract class WorkerProcessTestSupport {

    static final String SCHEMA = "fleetmesh_optest";
    static final Duration STARTUP = Duration.ofSeconds(90);
    static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static OperationTestDatabase database;

    private final List<WorkerProcess> workers = new ArrayList<>();
    private String label;

    @BeforeAll
    static void prepareSchema() {
        database = OperationTestDatabase.prepare(SCHEMA);
    }

    @BeforeEach
    void startClean(TestInfo test) {
        database.reset();
        label = getClass().getSimpleName() + "-" + test.getTestMethod().map(m -> m.getName()).orElse("test");
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(WorkerProcess::close);
        workers.forEach(worker -> report("log of %s: %s", worker.name(), worker.log().toAbsolutePath()));
    }

    /** Starts the workers side by side (their start-ups overlap) and returns once every one is ready. */
    List<WorkerProcess> startWorkers(String... names) {
        return startWorkers(List.of(names));
    }

    /** @param extra further {@code --property=value} arguments for every one of the workers */
    List<WorkerProcess> startWorkers(List<String> names, String... extra) {
        List<WorkerProcess> started = names.stream()
                .map(name -> WorkerProcess.start(name, label, database, extra))
                .toList();
        workers.addAll(started);
        started.forEach(worker -> worker.awaitReady(database, STARTUP));
        return started;
    }

    WorkerProcess worker(String name) {
        return workers.stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow();
    }

    /** The worker that entered the step of the operation first, once one has. */
    WorkerProcess awaitArrival(UUID operation, int step, Duration atMost) {
        return await("a worker enters step " + step).atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> workers.stream().filter(w -> database.arrival(operation, step, w.name()).isPresent()).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    Instant awaitArrival(UUID operation, int step, WorkerProcess worker, Duration atMost) {
        return await(worker.name() + " enters step " + step).atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> database.arrival(operation, step, worker.name()), Optional::isPresent)
                .orElseThrow();
    }

    OperationRow awaitEnded(UUID operation, Duration atMost) {
        await("operation " + operation + " ends").atMost(atMost).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> database.operation(operation).map(o -> o.endTime() != null).orElse(false));
        return database.operation(operation).orElseThrow();
    }

    /** The operation ended Succeeded with every step done, and the db-scheduler execution is gone. */
    static void assertSucceeded(OperationRow operation) {
        assertThat(operation.status()).as("status of %s", operation).isEqualTo("Succeeded");
        assertThat(operation.checkpoint()).as("checkpoint of %s", operation).isEqualTo(OperationTestTypes.SIGNALLED_STEPS);
        assertThat(operation.percentComplete()).isEqualTo(100.0);
        assertThat(operation.error()).isNull();
        assertThat(operation.endTime()).isAfterOrEqualTo(operation.startTime());
        assertThat(database.scheduledExecutions()).as("executions left in scheduled_tasks").isZero();
    }

    /** Each step's effect is in the database exactly once, recorded by the given workers in step order. */
    static void assertEffectsExactlyOnce(UUID operation, String... workerOfStep) {
        List<Tuple> expected = new ArrayList<>();
        for (int step = 1; step <= workerOfStep.length; step++) {
            expected.add(tuple(step, workerOfStep[step - 1]));
        }
        assertThat(database.effects(operation)).extracting(Effect::step, Effect::worker)
                .as("effects of %s (step, worker)", operation).containsExactlyElementsOf(expected);
    }

    /** A counter from the worker's Prometheus endpoint: what the replica itself counted. */
    static double prometheusCounter(WorkerProcess worker, String name, String... labels) {
        String body;
        try {
            body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + database.workerPort(worker.name())
                    + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double total = 0;
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)}\\s+(\\S+)$").matcher(body);
        while (line.find()) {
            String found = line.group(1);
            if (Arrays.stream(labels).allMatch(found::contains)) {
                total += Double.parseDouble(line.group(2));
            }
        }
        return total;
    }

    /** Figures the tests measure go to the test output; they are reported, not asserted beyond behaviour. */
    static void report(String format, Object... arguments) {
        System.out.printf("[operation-it] " + format + "%n", arguments);
    }
}
