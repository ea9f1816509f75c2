package io.recsys.data.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.recsys.artifact.snapshot.SnapshotReader;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.core.testing.FreshInstallation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shoppers' events into the next snapshot, exactly once: an incremental refresh takes the events
 * after its parent's watermark, a refresh with nothing new skips, and a full rebuild of the same
 * events holds exactly what the incremental ones took.
 */
@QuarkusMainTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class EventsIntoRefreshTest {
    private static final Path HOME = Path.of("target/test-home").toAbsolutePath();

    private Connection db() throws Exception {
        return DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl(), "postgres", "postgres");
    }

    @BeforeEach
    void freshInstallation() throws Exception {
        FreshInstallation.reset(HOME);
    }

    private void event(String id, String user, String item, String type, Double value) throws Exception {
        try (Connection c = db();
                PreparedStatement ps = c.prepareStatement("INSERT INTO events (event_id, user_id, item_id, type, value,"
                        + " occurred_at) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, id);
            ps.setString(2, user);
            ps.setString(3, item);
            ps.setString(4, type);
            ps.setObject(5, value);
            ps.setTimestamp(6, Timestamp.from(Instant.parse("2026-12-01T10:00:00Z")));
            ps.executeUpdate();
        }
    }

    /** A user and products the demo data has: events of known shoppers on catalogue products. */
    private static List<String[]> knownPairs() throws Exception {
        List<String[]> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(HOME.resolve("raw/data_reviews_purchase.csv"));
        for (int i = 1; i <= 6; i++) {
            String[] f = lines.get(i * 40).split(",");
            out.add(new String[] {f[0], f[1]});
        }
        return out;
    }

    /** The snapshot a run published (its {@code snapshot_path} output). */
    private static SnapshotReader published(LaunchResult r) throws Exception {
        String path = r.getOutput()
                .lines()
                .filter(l -> l.trim().startsWith("snapshot_path = "))
                .findFirst()
                .orElseThrow()
                .trim()
                .substring("snapshot_path = ".length());
        return SnapshotReader.open(Path.of(path));
    }

    private static Map<String, Object> currentMetadata(LaunchResult r) throws Exception {
        return published(r).metadata();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kinds(LaunchResult r) throws Exception {
        return (Map<String, Object>) published(r).stats().get("interactions_by_kind");
    }

    private static String quarantine() throws Exception {
        try (Stream<Path> q = Files.list(HOME.resolve("quarantine"))) {
            StringBuilder all = new StringBuilder();
            for (Path p : q.toList()) {
                all.append(Files.readString(p));
            }
            return all.toString();
        }
    }

    @Test
    void eventsAreTakenOnceIncrementallyAndAFullRebuildHoldsTheSame(QuarkusMainLauncher launcher) throws Exception {
        assertThat(launcher.launch("generate-demo", "--interactions", "3000", "--seed", "11")
                        .exitCode())
                .isZero();
        Files.delete(HOME.resolve("staging/new_interactions.csv"));
        LaunchResult base = launcher.launch("run-once");
        assertThat(base.exitCode()).as(base.getOutput()).isZero();
        assertThat(kinds(base)).containsOnlyKeys("review");

        List<String[]> known = knownPairs();
        event("e1", known.get(0)[0], known.get(0)[1], "click", null);
        event("e2", known.get(1)[0], known.get(1)[1], "click", null);
        event("e3", known.get(2)[0], known.get(2)[1], "view", null);
        event("e4", known.get(3)[0], known.get(3)[1], "add_to_cart", null);
        event("e5", known.get(4)[0], known.get(4)[1], "purchase", null);
        event("e6", known.get(5)[0], known.get(5)[1], "rating", 4.0);
        event("e7", "shopper-new", "no-such-product", "click", null);

        LaunchResult first = launcher.launch("run-once");
        assertThat(first.exitCode()).as(first.getOutput()).isZero();
        assertThat(first.getOutput())
                .contains("incremental refresh published snapshot")
                .contains("6 of 7 events taken")
                .contains("events_taken = 6");
        assertThat(kinds(first))
                .containsEntry("click", 2)
                .containsEntry("view", 1)
                .containsEntry("add_to_cart", 1)
                .containsEntry("purchase", 1)
                .containsEntry("rating", 1);
        assertThat(quarantine()).contains("events,7,item_id,UNKNOWN_PRODUCT").contains("\"\"event_id\"\":\"\"e7\"\"");
        Object watermark = currentMetadata(first).get("events_watermark");
        assertThat(watermark).isNotNull();

        LaunchResult again = launcher.launch("run-once");
        assertThat(again.getOutput()).as("nothing new").contains("data-refresh SKIPPED");

        event("e8", known.get(0)[0], known.get(2)[1], "click", null);
        LaunchResult second = launcher.launch("run-once");
        assertThat(second.exitCode()).as(second.getOutput()).isZero();
        assertThat(second.getOutput()).contains("incremental refresh").contains("1 of 1 events taken");
        assertThat(kinds(second)).containsEntry("click", 3).containsEntry("purchase", 1);
        assertThat(currentMetadata(second).get("events").toString()).contains("from_watermark=" + watermark);

        LaunchResult full = launcher.launch("run-once", "--force", "--force-full");
        assertThat(full.exitCode()).as(full.getOutput()).isZero();
        assertThat(full.getOutput()).contains("full refresh").contains("7 of 8 events taken");
        assertThat(kinds(full)).isEqualTo(kinds(second));
        assertThat(currentMetadata(full).get("interactions"))
                .isEqualTo(currentMetadata(second).get("interactions"));
    }

    /** run-once --parent-run: the run records the run it was started on behalf of; an unknown one is exit 2. */
    @Test
    void aRunOnBehalfOfAnotherRecordsItsParentAndAnUnknownParentExitsTwo(QuarkusMainLauncher launcher)
            throws Exception {
        LaunchResult unknown = launcher.launch(
                "run-once", "--parent-run", java.util.UUID.randomUUID().toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.getErrorOutput()).contains("to start this one on behalf of (--parent-run)");

        String parent = runId(launcher.launch("run-once")); // fails (no demo data): a run all the same
        String child = runId(launcher.launch("run-once", "--parent-run", parent));
        try (Connection c = db();
                PreparedStatement ps =
                        c.prepareStatement("SELECT parent_run_id FROM pipeline_runs WHERE id = ?::uuid")) {
            ps.setString(1, child);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(parent);
            }
        }
    }

    private static String runId(LaunchResult r) {
        return r.getOutput()
                .lines()
                .filter(l -> l.startsWith("run "))
                .map(l -> l.split(" ")[1])
                .findFirst()
                .orElseThrow(() -> new AssertionError("no run line in " + r.getOutput()));
    }
}
