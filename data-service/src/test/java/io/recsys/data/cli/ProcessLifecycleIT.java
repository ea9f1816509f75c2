package io.recsys.data.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.artifact.snapshot.SnapshotReader;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service as real processes against a real PostgreSQL: a refresh killed with SIGKILL
 * leaves nothing half-published, loses and doubles none of the events it was taking, and is taken
 * over once its lease expires; two triggers at once run exactly once.
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

    /** Shoppers' events waiting for the refresh: known users and products of the demo data, one of each kind. */
    private void pendingEvents(int n) throws Exception {
        List<String> lines = Files.readAllLines(home.resolve("raw/data_reviews_purchase.csv"))
                .subList(1, n + 1);
        String[] types = {"view", "click", "add_to_cart", "purchase", "rating"};
        try (Connection c = db();
                PreparedStatement ps = c.prepareStatement("INSERT INTO events (event_id, user_id, item_id, type, value,"
                        + " occurred_at) VALUES (?, ?, ?, ?, ?, now() - interval '1 hour')")) {
            for (int i = 0; i < n; i++) {
                String[] f = lines.get(i).split(",");
                ps.setString(1, "pending-" + i);
                ps.setString(2, f[0]);
                ps.setString(3, f[1]);
                ps.setString(4, types[i % types.length]);
                ps.setObject(5, types[i % types.length].equals("rating") ? 4.0 : null);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** How many rows of the current snapshot came from events (every kind but the file's reviews). */
    @SuppressWarnings("unchecked")
    private long eventRowsInCurrentSnapshot() throws Exception {
        String path = scalar("SELECT path FROM artifact_aliases al JOIN artifacts a ON a.kind = al.kind"
                + " AND a.id = al.artifact_id WHERE al.kind = 'data-snapshot'");
        Map<String, Object> kinds =
                (Map<String, Object>) SnapshotReader.open(Path.of(path)).stats().get("interactions_by_kind");
        return kinds.entrySet().stream()
                .filter(k -> !k.getKey().equals("review"))
                .mapToLong(k -> ((Number) k.getValue()).longValue())
                .sum();
    }

    @Test
    void aKilledRefreshLeavesNoPartialSnapshotLosesNoEventAndTheNextRunTakesOverAfterTheLeaseExpires()
            throws Exception {
        assertThat(run("generate", "generate-demo", "--interactions", "1500000"))
                .isZero();
        Files.delete(home.resolve("staging/new_interactions.csv")); // a plain full refresh: the longest path
        assertThat(run("schema", "help")).as("starting migrates the schema").isZero();
        pendingEvents(500);

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
        assertThat(eventRowsInCurrentSnapshot())
                .as("every pending event exactly once, though a run died holding them")
                .isEqualTo(500);
        try (Connection c = db();
                PreparedStatement ps = c.prepareStatement("INSERT INTO events (event_id, user_id, item_id, type,"
                        + " occurred_at) SELECT 'later-' || event_id, user_id, item_id, 'click', occurred_at FROM events"
                        + " WHERE event_id LIKE 'pending-%' ORDER BY event_id LIMIT 10")) {
            ps.executeUpdate();
        }
        assertThat(run("incremental", "run-once")).isZero();
        assertThat(Files.readString(home.resolve("incremental.log"))).contains("10 of 10 events taken");
        assertThat(eventRowsInCurrentSnapshot()).isEqualTo(510);
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
