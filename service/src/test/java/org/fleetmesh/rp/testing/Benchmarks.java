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

    /** Drops a benchmark's schema with all it holds; the service's migrations create it again at start. */
    public static void dropSchema(String schema) {
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(),
                "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        new JdbcTemplate(dataSource).execute("drop schema if exists " + schema + " cascade");
    }
}
