package org.fleetmesh.rp.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fleetmesh.rp.operation.testing.OperationTestDatabase.OperationRow;
import org.fleetmesh.rp.operation.testing.OperationTestTypes;
import org.fleetmesh.rp.operation.testing.WorkerProcess;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarts while an operation is in the middle of a step: the worker's connections all break, its
 * heartbeats and the step's own queries fail for a while; it reconnects by itself (nobody restarts it) and the
 * operation completes with every effect once. This restarts the machine's shared PostgreSQL, so it needs the
 * Debian cluster tools and root, as the build machine has; other suites must not run at the same time (failsafe
 * runs the ITs one after another, in one JVM, after the unit suite).
 */
class OperationDatabaseRestartIT extends WorkerProcessTestSupport {

    private static final Path CLUSTERS = Path.of("/etc/postgresql");

    @Test
    void theWorkerReconnectsAfterPostgresRestartsMidStepAndTheOperationCompletes() {
        assumeTrue(Files.isDirectory(CLUSTERS), "needs a Debian PostgreSQL cluster (pg_ctlcluster) on this machine");
        WorkerProcess worker = startWorkers("W").get(0);
        UUID operation = database.accept(OperationTestTypes.SIGNALLED_EFFECTS);
        database.release(operation, 1);
        awaitArrival(operation, 2, worker, Duration.ofSeconds(30));

        Instant restartBegan = Instant.now();
        Instant up;
        try {
            pgCtlCluster("restart");
            up = Instant.now();
            report("database restart: pg_ctlcluster restart took %d ms", Duration.between(restartBegan, up).toMillis());

            // The signal goes in through a new connection, once the server accepts them again.
            await("signal released after the restart").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .untilAsserted(() -> database.release(operation, 2, 3));
            OperationRow ended = awaitEnded(operation, Duration.ofSeconds(60));
            report("database restart: operation ended %d ms after PostgreSQL was back (status %s)",
                    Duration.between(up, ended.endTime()).toMillis(), ended.status());

            assertSucceeded(ended);
            assertEffectsExactlyOnce(operation, "W", "W", "W");
            assertThat(worker.isAlive()).as("the worker recovered by itself, without a restart").isTrue();
        } finally {
            ensurePostgresUp();
        }
    }

    /** Whatever the test did, the database is up for whatever runs next. */
    private static void ensurePostgresUp() {
        if (!pgIsReady()) {
            pgCtlCluster("start");
        }
        await("PostgreSQL accepts connections").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(OperationDatabaseRestartIT::pgIsReady);
    }

    private static boolean pgIsReady() {
        return run(List.of("pg_isready", "-h", "127.0.0.1", "-p", "5432"), Duration.ofSeconds(10)) == 0;
    }

    private static void pgCtlCluster(String action) {
        int exit = run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version(), "main", action), Duration.ofSeconds(60));
        assertThat(exit).as("pg_ctlcluster %s exit code", action).isZero();
    }

    private static String version() {
        try (Stream<Path> versions = Files.list(CLUSTERS)) {
            return versions.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException("no cluster under " + CLUSTERS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int run(List<String> command, Duration atMost) {
        try {
            Path output = Files.createDirectories(Path.of("target", "operation-it")).resolve("pg-commands.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
            if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + atMost);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
