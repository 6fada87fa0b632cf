package org.fleetmesh.rp.operation.testing;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tables the test operation types and the tests share, next to the service's own tables in the test schema.
 * They belong to the tests, not to the service's migrations: {@code create table if not exists}, created by
 * whichever side comes first (the test before it starts workers; a worker or the benchmark on start).
 */
public final class OperationTestTables {

    /** A row releases one step of one {@code Test_SignalledEffects} operation. */
    static final String SIGNALS = """
            create table if not exists optest_signals (
                operation_id uuid not null,
                step         integer not null,
                primary key (operation_id, step))""";

    /** A step was entered (it may be entered again after a crash or a retry): by which worker, when. */
    static final String ARRIVALS = """
            create table if not exists optest_arrivals (
                operation_id uuid not null,
                step         integer not null,
                worker       text not null,
                arrived_at   timestamptz not null)""";

    /**
     * A step's effect, written by the operation itself in the transaction that records its checkpoint. No unique
     * key on purpose: a duplicate must show up in the count, not be swallowed by a constraint.
     */
    static final String EFFECTS = """
            create table if not exists optest_effects (
                operation_id uuid not null,
                step         integer not null,
                worker       text not null,
                started_at   timestamptz not null,
                recorded_at  timestamptz not null default clock_timestamp())""";

    /** A worker process is up: its application context is ready, its scheduler runs, its HTTP port is known. */
    static final String WORKERS = """
            create table if not exists optest_workers (
                name     text not null,
                pid      bigint not null,
                port     integer not null,
                ready_at timestamptz not null)""";

    private OperationTestTables() {
    }

    public static void create(JdbcTemplate jdbc) {
        for (String ddl : new String[] {SIGNALS, ARRIVALS, EFFECTS, WORKERS}) {
            jdbc.execute(ddl);
        }
    }

    /** Empties the test tables and the service's operation tables, for a test that starts from nothing. */
    public static void truncate(JdbcTemplate jdbc) {
        jdbc.execute("truncate optest_signals, optest_arrivals, optest_effects, optest_workers, operations, scheduled_tasks");
    }
}
