package org.fleetmesh.rp.testing;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.postgresql.Driver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A schema of its own for a migration test: migrated up to a version, filled with rows as that version stored them,
 * then migrated to the latest version and read back. Empty at the start, dropped at {@link #close()}.
 */
public final class MigrationSchema implements AutoCloseable {

    private final String schema;
    private final SimpleDriverDataSource dataSource;
    private final JdbcTemplate jdbc;

    /**
     * @param purpose what the schema is for; its name also carries the suite's schema, so that two checkouts' builds on
     *                one PostgreSQL keep apart
     */
    public MigrationSchema(String purpose) {
        this.schema = System.getProperty("fleetmesh.database.schema", "fleetmesh_test") + "_" + purpose;
        this.dataSource = new SimpleDriverDataSource(new Driver(),
                "jdbc:postgresql://127.0.0.1:5432/postgres?currentSchema=" + schema, "postgres", "");
        this.jdbc = new JdbcTemplate(dataSource);
        close();
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public String name() {
        return schema;
    }

    /** Applies the migrations up to and including this version, e.g. {@code "13"}. */
    public void migrateTo(String version) {
        flyway().target(version).load().migrate();
    }

    public void migrateToLatest() {
        flyway().load().migrate();
    }

    private FluentConfiguration flyway() {
        return Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema)
                .locations("classpath:db/migration");
    }

    @Override
    public void close() {
        jdbc.execute("drop schema if exists " + schema + " cascade");
    }
}
