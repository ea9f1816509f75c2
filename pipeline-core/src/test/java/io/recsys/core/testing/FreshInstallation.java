package io.recsys.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Puts the test database and the artifact home back to a fresh installation: every table emptied
 * (the schema and Flyway's history stay) and nothing under the home. A test JVM shares one embedded
 * PostgreSQL and one Quarkus application (restarting it per test would cost seconds), so a test
 * class whose tests must not lean on each other's leftovers calls this in {@code @BeforeEach} and
 * builds the state each test needs itself.
 */
public final class FreshInstallation {
    private FreshInstallation() {}

    public static void reset(DataSource dataSource, Path home) throws SQLException, IOException {
        emptyTables(dataSource);
        emptyDirectory(home);
    }

    /**
     * The same on the JVM's embedded database ({@link EmbeddedPostgresResource}, started if this is
     * the first use), for tests that launch the application ({@code @QuarkusMainTest}) and hold no
     * DataSource of their own.
     */
    public static void reset(Path home) throws SQLException, IOException {
        new EmbeddedPostgresResource().start();
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(EmbeddedPostgresResource.jdbcUrl());
        ds.setUser("postgres");
        ds.setPassword("postgres");
        reset(ds, home);
    }

    /**
     * One TRUNCATE over all tables at once, so foreign keys between them do not get in the way. The
     * registry's audit history refuses TRUNCATE by a trigger (history is never rewritten); a new
     * installation has none either, so the reset runs with triggers off ({@code session_replication_role},
     * for this transaction only: the embedded server's user is a superuser), as if the database were new.
     */
    private static void emptyTables(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                    + " AND table_name NOT LIKE 'flyway%'")) {
                while (rs.next()) {
                    tables.add('"' + rs.getString(1) + '"');
                }
            }
            if (tables.isEmpty()) {
                return;
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                s.execute("SET LOCAL session_replication_role = replica");
                s.executeUpdate("TRUNCATE TABLE " + String.join(", ", tables) + " RESTART IDENTITY");
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static void emptyDirectory(Path home) throws IOException {
        if (!Files.exists(home)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(home)) {
                    Files.delete(p);
                }
            }
        }
    }
}
