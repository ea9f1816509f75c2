package io.recsys.data.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.testing.ServiceJar;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service as real processes against a real PostgreSQL: a refresh killed with SIGKILL
 * leaves nothing half-published and is taken over once its lease expires; two triggers at once run
 * exactly once.
 */
class ProcessLifecycleIT {
    private static EmbeddedPostgres postgres;

    @TempDir
    Path home;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        postgres.close();
    }

    private ServiceJar service() {
        return ServiceJar.underTest()
                .jvm("-Xmx1g")
                .database(postgres.getJdbcUrl("postgres", "postgres"))
                .home(home)
                .env("RECSYS_LEASE_TTL", "20s")
                .env("RECSYS_LEASE_RENEW_EVERY", "2s")
                .env("RECSYS_RETRY_MAX_RETRIES", "0");
    }

    private Process start(String name, String... args) throws Exception {
        return service().start(home.resolve(name + ".log"), args);
    }

    private int run(String name, String... args) throws Exception {
        return service().run(home.resolve(name + ".log"), Duration.ofMinutes(5), args);
    }

    private Connection db() throws Exception {
        return DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    }

    private String scalar(String sql) throws Exception {
        try (Connection c = db();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void await(Duration max, String what, java.util.concurrent.Callable<Boolean> condition)
            throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Duration.ofMillis(100).toNanos());
        }
    }

    @Test
    void aKilledRefreshLeavesNoPartialSnapshotAndTheNextRunTakesOverAfterTheLeaseExpires() throws Exception {
        assertThat(run("generate", "generate-demo", "--interactions", "1500000"))
                .isZero();
        Files.delete(home.resolve("staging/new_interactions.csv")); // a plain full refresh: the longest path

        Process victim = start("victim", "run-once");
        await(
                Duration.ofMinutes(2),
                "the refresh is running",
                () -> "1"
                        .equals(
                                scalar(
                                        "SELECT count(*) FROM pipeline_runs WHERE stage = 'data-refresh' AND status = 'RUNNING'")));
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(1500).toNanos()); // well into the work
        victim.destroyForcibly(); // SIGKILL: no finally blocks, no shutdown hooks
        victim.waitFor();
        String deadRun = scalar("SELECT id FROM pipeline_runs WHERE stage = 'data-refresh' AND status = 'RUNNING'");
        assertThat(deadRun).as("killed before it finished").isNotNull();

        // Nothing half-written is visible: only published (verified) snapshots or hidden temporaries.
        Path snapshots = home.resolve("snapshots");
        if (Files.exists(snapshots)) {
            try (Stream<Path> dirs = Files.list(snapshots)) {
                for (Path d : dirs.filter(p -> !p.getFileName().toString().startsWith("."))
                        .toList()) {
                    new ArtifactStore(home).verify(d);
                }
            }
        }
        assertThat(scalar("SELECT count(*) FROM artifact_aliases WHERE kind = 'data-snapshot'"))
                .isEqualTo("0");

        // While the dead run's lease lives, a new run is refused with exit 5.
        assertThat(run("too-early", "run-once")).isEqualTo(5);
        await(
                Duration.ofMinutes(1),
                "the dead run's lease expires",
                () -> scalar("SELECT stage FROM stage_leases WHERE stage = 'data-refresh' AND expires_at > now()")
                        == null);

        assertThat(run("takeover", "run-once")).isZero();
        assertThat(scalar("SELECT status FROM pipeline_runs WHERE id = '" + deadRun + "'"))
                .isEqualTo("ERROR");
        assertThat(scalar("SELECT error_message FROM pipeline_runs WHERE id = '" + deadRun + "'"))
                .contains("abandoned");
        String current = scalar("SELECT path FROM artifact_aliases al JOIN artifacts a ON a.kind = al.kind"
                + " AND a.id = al.artifact_id WHERE al.kind = 'data-snapshot'");
        new ArtifactStore(home).verify(Path.of(current));
        try (Stream<Path> leftovers = Files.list(snapshots)) {
            assertThat(leftovers
                            .filter(p -> p.getFileName().toString().startsWith(".tmp-"))
                            .toList())
                    .as("the next publish removes the dead run's temporary directory")
                    .isEmpty();
        }

        // Two triggers at once: exactly one executes, the other exits 5.
        Process a = start("a", "run-once", "--force");
        Process b = start("b", "run-once", "--force");
        assertThat(a.waitFor(5, TimeUnit.MINUTES) && b.waitFor(5, TimeUnit.MINUTES))
                .isTrue();
        assertThat(List.of(a.exitValue(), b.exitValue())).containsExactlyInAnyOrder(0, 5);
        assertThat(scalar("SELECT count(*) FROM pipeline_runs WHERE stage = 'data-refresh' AND status = 'CANCELLED'"))
                .isEqualTo("2"); // the too-early attempt and the loser of the race
    }
}
