package org.fleetmesh.rp.operation.testing;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.postgresql.Driver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The test's own view of the database the workers share: it prepares the schema, accepts operations of the test
 * types as another replica would (an {@code operations} row and a db-scheduler execution, committed together), and
 * reads what the operations did. Every call opens a fresh connection, so a database restart leaves nothing stale
 * on the test's side.
 */
public final class OperationTestDatabase {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public static final String SUBSCRIPTION = "00000000-0000-0000-0000-00000000cafe";

    private final String schema;
    private final SimpleDriverDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final SchedulerClient scheduler;
    /** Only its name matters here: the workers run task {@code operation} with the engine's own implementation. */
    private final OneTimeTask<Void> operationTask = Tasks.oneTime("operation").execute((instance, context) -> {
        throw new IllegalStateException("the test process schedules operations; it never runs them");
    });

    private OperationTestDatabase(String schema) {
        this.schema = schema;
        this.dataSource = new SimpleDriverDataSource(new Driver(), url(schema), "postgres", "");
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.scheduler = SchedulerClient.Builder.create(new TransactionAwareDataSourceProxy(dataSource), operationTask).build();
    }

    public static String url(String schema) {
        return SERVER + "?currentSchema=" + schema;
    }

    /** A fresh schema: dropped, migrated with the service's own Flyway migrations, and the test tables. */
    public static OperationTestDatabase prepare(String schema) {
        OperationTestDatabase database = new OperationTestDatabase(schema);
        database.jdbc.execute("drop schema if exists " + schema + " cascade");
        Flyway.configure().dataSource(database.dataSource).schemas(schema).defaultSchema(schema)
                .locations("classpath:db/migration").load().migrate();
        OperationTestTables.create(database.jdbc);
        return database;
    }

    public String schema() {
        return schema;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Empties the operation tables and the test tables. */
    public void reset() {
        OperationTestTables.truncate(jdbc);
    }

    public UUID accept(String kind) {
        return accept(kind, 1).get(0);
    }

    /**
     * Accepts operations in one transaction, as {@code Operations.start} does: the row and its execution commit
     * together. Nothing wakes a worker: they find the operations at their next poll.
     */
    public List<UUID> accept(String kind, int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID());
        }
        transactions.executeWithoutResult(status -> {
            Instant now = Instant.now();
            Timestamp accepted = Timestamp.from(now);
            Timestamp deadline = Timestamp.from(now.plus(Duration.ofMinutes(30)));
            jdbc.batchUpdate("insert into operations (id, subscription_id, location, resource_id, kind, status, start_time, "
                    + "deadline, correlation_id) values (?, ?, 'westus', ?, ?, 'Accepted', ?, ?, ?)", ids, 500, (statement, id) -> {
                        statement.setObject(1, id);
                        statement.setString(2, SUBSCRIPTION);
                        statement.setString(3, resourceId(id));
                        statement.setString(4, kind);
                        statement.setTimestamp(5, accepted);
                        statement.setTimestamp(6, deadline);
                        statement.setString(7, "optest-" + id);
                    });
            List<TaskInstance<?>> executions = new ArrayList<>();
            ids.forEach(id -> executions.add(operationTask.instance(id.toString())));
            scheduler.scheduleBatch(executions, now);
        });
        return ids;
    }

    /** Each test operation works on a resource of its own, as the service allows one running operation per resource. */
    public static String resourceId(UUID operation) {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/optest/providers/Microsoft.ContainerService/fleets/op-" + operation;
    }

    /** Lets the given steps of a {@code Test_SignalledEffects} operation go ahead. */
    public void release(UUID operation, int... steps) {
        for (int step : steps) {
            jdbc.update("insert into optest_signals (operation_id, step) values (?, ?) on conflict do nothing", operation, step);
        }
    }

    public boolean workerReady(String worker) {
        return count("select count(*) from optest_workers where name = ?", worker) > 0;
    }

    /** The HTTP port the worker listens on (it starts on a free one). */
    public int workerPort(String worker) {
        Integer port = jdbc.queryForObject("select max(port) from optest_workers where name = ?", Integer.class, worker);
        return port == null ? 0 : port;
    }

    public Optional<OperationRow> operation(UUID id) {
        return jdbc.query("select * from operations where id = ?", OperationTestDatabase::operationRow, id).stream().findFirst();
    }

    public String status(UUID id) {
        return operation(id).map(OperationRow::status).orElse("(none)");
    }

    /** When the worker first entered the step, if it did. */
    public Optional<Instant> arrival(UUID operation, int step, String worker) {
        return Optional.ofNullable(jdbc.queryForObject("select min(arrived_at) from optest_arrivals where operation_id = ? "
                + "and step = ? and worker = ?", Timestamp.class, operation, step, worker)).map(Timestamp::toInstant);
    }

    public List<Effect> effects(UUID operation) {
        return jdbc.query("select * from optest_effects where operation_id = ? order by step, recorded_at",
                OperationTestDatabase::effect, operation);
    }

    /** Effects recorded per operation, over every operation in the schema (those without any count 0). */
    public Map<UUID, Integer> effectsPerOperation() {
        Map<UUID, Integer> counts = new LinkedHashMap<>();
        jdbc.query("select o.id, count(e.operation_id) as effects from operations o left join optest_effects e "
                + "on e.operation_id = o.id group by o.id", (ResultSet row) -> {
                    counts.put(row.getObject("id", UUID.class), row.getInt("effects"));
                });
        return counts;
    }

    /** Effects recorded per worker, over the whole schema. */
    public Map<String, Integer> effectsPerWorker() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbc.query("select worker, count(*) as effects from optest_effects group by worker order by worker",
                (ResultSet row) -> {
                    counts.put(row.getString("worker"), row.getInt("effects"));
                });
        return counts;
    }

    public long operationsWithStatus(String status) {
        return count("select count(*) from operations where status = ?", status);
    }

    /** db-scheduler executions still in the table (an operation that ended has none). */
    public long scheduledExecutions() {
        return count("select count(*) from scheduled_tasks where task_name = 'operation'");
    }

    private long count(String sql, Object... arguments) {
        Long count = jdbc.queryForObject(sql, Long.class, arguments);
        return count == null ? 0 : count;
    }

    private static OperationRow operationRow(ResultSet row, int index) throws SQLException {
        return new OperationRow(row.getObject("id", UUID.class), row.getString("kind"), row.getString("status"),
                row.getInt("checkpoint"), row.getDouble("percent_complete"), instant(row, "start_time"), instant(row, "end_time"),
                row.getString("error"), row.getString("current_step"), row.getInt("attempts"));
    }

    private static Effect effect(ResultSet row, int index) throws SQLException {
        return new Effect(row.getObject("operation_id", UUID.class), row.getInt("step"), row.getString("worker"),
                instant(row, "started_at"), instant(row, "recorded_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** An {@code operations} row as the tests check it. */
    public record OperationRow(UUID id, String kind, String status, int checkpoint, double percentComplete, Instant startTime,
            Instant endTime, String error, String currentStep, int attempts) {
    }

    /** One recorded effect: which step, which worker ran it, when the step started and when its effect committed. */
    public record Effect(UUID operationId, int step, String worker, Instant startedAt, Instant recordedAt) {
    }
}
