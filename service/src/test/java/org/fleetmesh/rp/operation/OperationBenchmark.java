package org.fleetmesh.rp.operation;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.fleetmesh.domain.ProvisioningState;
import org.fleetmesh.rp.FleetMeshApplication;
import org.fleetmesh.rp.operation.testing.DetachedResource;
import org.fleetmesh.rp.operation.testing.OperationTestDatabase;
import org.fleetmesh.rp.operation.testing.OperationTestTypes;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pickup latency and throughput of trivial operations ({@code Test_CountOnce}: one step that records one row) on
 * this machine, with the service's production operation settings. Not a test: it asserts nothing, it prints.
 *
 * <ol>
 * <li><b>Pickup on an idle service</b>: operations accepted one at a time through {@link Operations#start} in the
 * service's own JVM, as an API call accepts them, each after the previous one ended and a pause that lets the
 * scheduler go idle. Latency is from the operation's acceptance ({@code operations.start_time}) to the wall-clock
 * start of its first step (recorded by the step).</li>
 * <li><b>Throughput</b>: a burst accepted in one transaction; operations per second from its commit until the last
 * one ended.</li>
 * <li><b>Pickup of work accepted elsewhere</b>: operations written to the database by another process (no wake-up
 * reaches this replica), which it finds at its next poll.</li>
 * </ol>
 *
 * Run: {@code mvn -B -Pbenchmark -DskipTests -pl service -am verify} (see src/site/markdown/benchmarks.md). Sizes:
 * {@code -Dbench.idle=500 -Dbench.burst=1000 -Dbench.remote=50}; schema {@code -Dbench.schema=fleetmesh_bench}
 * (dropped and re-created).
 */
public final class OperationBenchmark {

    private static final Duration WAIT = Duration.ofMinutes(5);

    private final Operations operations;
    private final TransactionTemplate transactions;
    private final OperationTestDatabase database;
    private final JdbcTemplate jdbc;
    private final OperationSettings settings;

    private OperationBenchmark(ConfigurableApplicationContext service, OperationTestDatabase database) {
        this.settings = service.getBean(OperationSettings.class);
        this.operations = service.getBean(Operations.class);
        this.transactions = service.getBean(TransactionTemplate.class);
        this.database = database;
        this.jdbc = database.jdbc();
    }

    public static void main(String[] args) {
        int idle = Integer.getInteger("bench.idle", 500);
        int burst = Integer.getInteger("bench.burst", 1000);
        int remote = Integer.getInteger("bench.remote", 50);
        String schema = System.getProperty("bench.schema", "fleetmesh_bench");

        OperationTestDatabase database = OperationTestDatabase.prepare(schema);
        System.setProperty(OperationTestTypes.WORKER_PROPERTY, "benchmark");
        ConfigurableApplicationContext service = SpringApplication.run(FleetMeshApplication.class,
                "--spring.profiles.active=local,test," + OperationTestTypes.PROFILE,
                "--server.port=0",
                "--fleetmesh.database.schema=" + schema,
                // The per-step log lines still get written (to the file), as in production; the console stays readable.
                "--logging.file.name=target/benchmark/service.log",
                "--logging.threshold.console=WARN");
        int exit = 0;
        try {
            new OperationBenchmark(service, database).run(idle, burst, remote);
        } catch (RuntimeException failed) {
            failed.printStackTrace();
            exit = 1;
        } finally {
            service.close();
        }
        System.exit(exit);
    }

    private void run(int idle, int burst, int remote) {
        print("fleetmesh operation benchmark: %d CPUs, Java %s; %d worker threads, polling every %d ms, heartbeat %d ms%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), settings.threads(),
                settings.pollingInterval().toMillis(), settings.heartbeatInterval().toMillis());

        // Warm-up: the JIT, the connection pool, Hibernate's statement caches.
        idlePickup(Math.min(50, idle), Duration.ofMillis(5));
        throughput(Math.min(200, burst));
        database.reset();

        List<Double> local = idlePickup(idle, Duration.ofMillis(50));
        summary("pickup, accepted by this replica (idle service)", local);
        database.reset();

        throughput(burst);
        database.reset();

        if (remote > 0) {
            List<Double> elsewhere = remotePickup(remote);
            summary("pickup, accepted by another process (found at the next poll)", elsewhere);
        }
    }

    /** One operation at a time, each after the previous ended and a randomised pause of at least {@code pause}. */
    private List<Double> idlePickup(int count, Duration pause) {
        List<UUID> accepted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = acceptHere(1).get(0);
            accepted.add(id);
            awaitEnded(List.of(id));
            park(pause.plusMillis(ThreadLocalRandom.current().nextLong(pause.toMillis() + 1)));
        }
        return pickupMillis(accepted);
    }

    private List<Double> remotePickup(int count) {
        List<UUID> accepted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = database.accept(OperationTestTypes.COUNT_ONCE);
            accepted.add(id);
            awaitEnded(List.of(id));
            park(Duration.ofMillis(ThreadLocalRandom.current().nextLong(50, 500)));
        }
        return pickupMillis(accepted);
    }

    private void throughput(int count) {
        Instant begin = Instant.now();
        List<UUID> accepted = acceptHere(count);
        Instant committed = Instant.now();
        awaitEnded(accepted);
        Instant lastEnd = jdbc.queryForObject("select max(end_time) from operations", Timestamp.class).toInstant();
        long succeeded = database.operationsWithStatus("Succeeded");
        double seconds = Duration.between(committed, lastEnd).toNanos() / 1e9;
        print("throughput: %d operations accepted in one transaction in %d ms; all ended %.2f s after the commit: "
                + "%.0f operations/s (%d Succeeded)%n", count, Duration.between(begin, committed).toMillis(), seconds,
                count / seconds, succeeded);
    }

    /** Accepts through the service's own {@link Operations#start}, in one transaction, as an API call does. */
    private List<UUID> acceptHere(int count) {
        return transactions.execute(status -> {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String resourceId = OperationTestDatabase.resourceId(UUID.randomUUID());
                ids.add(operations.start(OperationTestTypes.COUNT_ONCE, OperationTestDatabase.SUBSCRIPTION, "westus", resourceId,
                        null, new DetachedResource("benchmark"), ProvisioningState.Creating).getId());
            }
            return ids;
        });
    }

    private void awaitEnded(List<UUID> ids) {
        Instant giveUp = Instant.now().plus(WAIT);
        String last = ids.get(ids.size() - 1).toString();
        while (true) {
            boolean ended = ids.size() == 1
                    ? jdbc.queryForObject("select count(*) from operations where id = ?::uuid and end_time is not null",
                            Long.class, last) == 1
                    : jdbc.queryForObject("select count(*) from operations where status in ('Accepted', 'Running')", Long.class) == 0;
            if (ended) {
                return;
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("operations did not end within " + WAIT);
            }
            park(Duration.ofMillis(1));
        }
    }

    /** Milliseconds from acceptance to the start of the first step, per operation. */
    private List<Double> pickupMillis(List<UUID> ids) {
        List<Double> millis = new ArrayList<>();
        for (UUID id : ids) {
            millis.add(jdbc.queryForObject("select extract(epoch from (e.started_at - o.start_time)) * 1000 from operations o "
                    + "join optest_effects e on e.operation_id = o.id where o.id = ?", Double.class, id));
        }
        return millis;
    }

    private static void summary(String what, List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        print("%s, n=%d: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, mean %.1f ms%n", what, sorted.size(),
                percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99), sorted.get(sorted.size() - 1),
                sorted.stream().mapToDouble(Double::doubleValue).average().orElse(0));
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }

    private static void park(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }

    private static void print(String format, Object... arguments) {
        System.out.printf(Locale.ROOT, "[benchmark] " + format, arguments);
        System.out.flush();
    }
}
