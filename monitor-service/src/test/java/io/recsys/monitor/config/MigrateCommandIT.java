package io.recsys.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.core.testing.ServiceJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate}, what the chart's pre-install / pre-upgrade hook Job runs: on a new, empty database
 * and with the pods' {@code migrate-at-start=false}, it brings the schema to this build's version,
 * says so, and a second run applies nothing; a service that does not migrate at start then runs
 * against that schema.
 */
class MigrateCommandIT {

    @TempDir
    Path home;

    @Test
    void migrateBringsAnEmptyDatabaseUpToDateOnceAndThePodsDoNotMigrate() throws Exception {
        new EmbeddedPostgresResource().start(); // the JVM's one server; this test gets a database of its own
        String db = "migrate_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl(), "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        String url = EmbeddedPostgresResource.jdbcUrl().replaceFirst("/postgres(\\?|$)", "/" + db + "$1");
        assertThat(url).contains("/" + db);

        Path log = home.resolve("migrate.log");
        ServiceJar jar = ServiceJar.underTest().database(url).home(home).jvm("-Dquarkus.flyway.migrate-at-start=false");
        int exit = jar.run(log, Duration.ofMinutes(2), "migrate");
        String out = Files.readString(log);
        assertThat(exit).as(out).isZero();
        assertThat(out).containsPattern("schema at version \\d+ \\(\\d+ migrations applied now\\)");
        assertThat(out).doesNotContain("(0 migrations applied now)");
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM chain_links")) {
            assertThat(rs.next()).as("the newest tables exist").isTrue();
        }

        Path again = home.resolve("again.log");
        assertThat(jar.run(again, Duration.ofMinutes(2), "migrate")).isZero();
        assertThat(Files.readString(again)).contains("(0 migrations applied now)");

        // a pod (no migration at start) runs its stage against the hook's schema
        Path stage = home.resolve("stage.log");
        int health = jar.run(stage, Duration.ofMinutes(2), "run-once", "--stage", "health-check", "--dry-run");
        assertThat(health).as(Files.readString(stage)).isZero();
        assertThat(Files.readString(stage)).doesNotContain("Migrating schema");

        Path bad = home.resolve("bad.log");
        assertThat(jar.run(bad, Duration.ofMinutes(2), "migrate", "--now")).isEqualTo(2);
    }
}
