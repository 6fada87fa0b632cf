package org.fleetmesh.rp.operation.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.fleetmesh.rp.FleetMeshApplication;

/**
 * The service in a JVM of its own, as one replica: {@link FleetMeshApplication} on the test class path, with the
 * {@code local,test,operation-test} profiles, on its own schema, with heartbeats short enough for a test (a worker
 * that misses 4 one-second heartbeats, the fewest db-scheduler accepts, is presumed dead). Its output goes to a file
 * under {@code target/operation-it}. {@link #launch} starts any other service JVM (the packaged jar) the same way.
 * {@link #kill()} is SIGKILL ({@link Process#destroyForcibly()} on Linux); {@link #terminate()} is SIGTERM, the
 * graceful stop a Kubernetes rollout sends.
 */
public final class WorkerProcess implements AutoCloseable {

    public static final Duration HEARTBEAT = Duration.ofSeconds(1);
    public static final int MISSED_HEARTBEATS = 4;
    private static final Path LOGS = Path.of("target", "operation-it");
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        // Whatever happens to the test JVM short of SIGKILL, no worker outlives it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-test-workers"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private WorkerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a worker; it is ready once {@link #awaitReady} returns.
     *
     * @param name  recorded with every arrival and effect of the test operations it runs
     * @param label prefixes the log file (the test's name)
     * @param extra further {@code --property=value} arguments
     */
    public static WorkerProcess start(String name, String label, OperationTestDatabase database, String... extra) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-D" + OperationTestTypes.WORKER_PROPERTY + "=" + name,
                "-D" + OperationTestTypes.PARENT_PROPERTY + "=" + ProcessHandle.current().pid(),
                "-cp", testClassPath(),
                FleetMeshApplication.class.getName(),
                "--spring.profiles.active=local,test," + OperationTestTypes.PROFILE,
                "--server.port=0",
                "--fleetmesh.database.schema=" + database.schema(),
                "--spring.datasource.hikari.maximum-pool-size=12",
                "--fleetmesh.operations.heartbeat-interval=" + HEARTBEAT.toMillis() + "ms",
                "--fleetmesh.operations.missed-heartbeats-limit=" + MISSED_HEARTBEATS,
                "--logging.level.com.github.kagkarlsson=INFO"));
        command.addAll(List.of(extra));
        return launch(name, command, LOGS.resolve(label + "-" + name + ".log"));
    }

    /**
     * Starts any service JVM the same way (the packaged jar, say): its output goes to {@code log}, and it is killed
     * with the test JVM. It knows nothing of the test operation types, so {@link #awaitReady} is not for it.
     *
     * @param command the whole command line, the java executable first
     */
    public static WorkerProcess launch(String name, List<String> command, Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            LIVE.add(process);
            return new WorkerProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + name, e);
        }
    }

    /**
     * The class path the tests run with: failsafe (3.5) puts it in {@code surefire.test.class.path}, whether or not
     * the forked JVM itself runs from a manifest-only jar; an IDE or {@code exec:exec} runs with it as the class path.
     */
    static String testClassPath() {
        String classPath = System.getProperty("surefire.test.class.path");
        return classPath != null && !classPath.isBlank() ? classPath : System.getProperty("java.class.path");
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the worker announced itself in the database (its context is up and its scheduler running). */
    public WorkerProcess awaitReady(OperationTestDatabase database, Duration atMost) {
        Awaitility.await("worker " + name + " ready (log: " + log + ")").atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("worker " + name + " exited with " + process.exitValue() + " before it was "
                                + "ready; its log ends:\n" + logTail(40));
                    }
                    return database.workerReady(name);
                });
        return this;
    }

    /** SIGKILL; returns once the process is gone, with the moment it was seen gone. */
    public Instant kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
        return Instant.now();
    }

    /** SIGTERM: the JVM runs its shutdown hooks and Spring closes the context (the scheduler stops first). */
    public void terminate() {
        process.destroy();
    }

    /** SIGSTOP: the JVM freezes, as in a long GC pause or a node that stops scheduling it; its heartbeats stop. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT: the frozen JVM carries on where it stood, unaware of the time that passed. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the process to end by itself; true if it did within the time. */
    public boolean awaitExit(Duration atMost) {
        try {
            boolean exited = process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                LIVE.remove(process);
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int exitValue() {
        return process.exitValue();
    }

    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean logContains(String text) {
        return logText().contains(text);
    }

    public String logTail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Kills the worker if it still runs; a test's clean-up. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill(); // SIGKILL also ends a paused process
        }
        LIVE.remove(process);
    }

    @Override
    public String toString() {
        return "worker " + name + " (pid " + process.pid() + ", log " + log + ")";
    }
}
