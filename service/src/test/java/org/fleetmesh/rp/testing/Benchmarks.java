package org.fleetmesh.rp.testing;

import java.lang.management.ManagementFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** What the benchmarks (not tests: they print figures) share besides their HTTP calls ({@link BenchmarkHttp}). */
public final class Benchmarks {

    private Benchmarks() {
    }

    /** CPU time this JVM has used, service and fakes together; 0 where the JVM cannot say. */
    public static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /**
     * Runs a benchmark against a service and a simulated Azure it started, closes both, and ends the JVM: with 0 when
     * the benchmark ran through, 1 (and its stack trace) when it threw.
     */
    public static void runThenExit(AutoCloseable service, AutoCloseable azure, Runnable benchmark) {
        int exit = 0;
        try {
            benchmark.run();
        } catch (RuntimeException failed) {
            failed.printStackTrace();
            exit = 1;
        } finally {
            try (azure; service) {
                // both closed, the service first
            } catch (Exception closing) {
                closing.printStackTrace();
                exit = 1;
            }
        }
        System.exit(exit);
    }

    /** Drops a benchmark's schema with all it holds; the service's migrations create it again at start. */
    public static void dropSchema(String schema) {
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(),
                "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        new JdbcTemplate(dataSource).execute("drop schema if exists " + schema + " cascade");
    }
}
