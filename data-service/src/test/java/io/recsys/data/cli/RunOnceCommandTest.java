package io.recsys.data.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.recsys.artifact.snapshot.SnapshotReader;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.core.testing.FreshInstallation;
import io.recsys.core.testing.WorldSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CronJob contract: {@code run-once} and its exit codes, on a real PostgreSQL. */
@QuarkusMainTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class RunOnceCommandTest {
    private static final Path HOME = Path.of("target/test-home").toAbsolutePath();
    private static final Path RAW = HOME.resolve("raw/data_reviews_purchase.csv");

    /** No test leans on another's (or another class's) snapshot, ledger or files. */
    @BeforeEach
    void freshInstallation() throws Exception {
        FreshInstallation.reset(HOME);
    }

    @Test
    void demoDataRefreshesThenSkipsWhenNothingChanged(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult gen = launcher.launch("generate-demo", "--interactions", "3000", "--seed", "5");
        assertThat(gen.exitCode()).isZero();
        assertThat(RAW).exists();
        String before = Files.readString(RAW);

        LaunchResult first = launcher.launch("run-once");
        assertThat(first.exitCode()).as(first.getOutput()).isZero();
        assertThat(first.getOutput())
                .contains("data-refresh SUCCEEDED")
                .contains("snapshot_path = ")
                // the demo's staging batch buys a product the catalogue does not have yet, twice
                .contains(" rejected (2 of products not in the catalogue), ");
        try (Stream<Path> snapshots = Files.list(HOME.resolve("snapshots"))) {
            Path published = snapshots
                    .filter(p ->
                            Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))
                    .findFirst()
                    .orElseThrow();
            String metadata = new ObjectMapper()
                    .writeValueAsString(SnapshotReader.open(published).metadata());
            assertThat(metadata)
                    .contains("\"unknown_products\":{\"rule\":\"quarantine\","
                            + "\"rows_quarantined\":2,\"rows_kept\":0,\"products_kept\":0}")
                    .contains("\"rows_duplicate\":2");
        }
        // the staging batch was merged: raw grew, the old raw is backed up, staging archived
        assertThat(Files.readString(RAW)).startsWith(before.substring(0, 200)).hasSizeGreaterThan(before.length());
        try (Stream<Path> backups = Files.list(HOME.resolve("raw/backups"))) {
            assertThat(backups.toList())
                    .singleElement()
                    .satisfies(b -> assertThat(Files.readString(b)).isEqualTo(before));
        }
        assertThat(HOME.resolve("staging/new_interactions.csv")).doesNotExist();
        assertThat(HOME.resolve("staging/archived")).isNotEmptyDirectory();

        LaunchResult second = launcher.launch("run-once");
        assertThat(second.exitCode()).isZero();
        assertThat(second.getOutput()).contains("data-refresh SKIPPED").contains("inputs unchanged");

        LaunchResult forced = launcher.launch("run-once", "--force", "--dry-run");
        assertThat(forced.exitCode()).isZero();
        assertThat(forced.getOutput()).contains("dry run: would publish a full snapshot");
    }

    @Test
    void tooManyBadRowsExitThreeNameTheOffencesAndLeaveRawDataUntouched(QuarkusMainLauncher launcher) throws Exception {
        StringBuilder csv = new StringBuilder("user_id,product_id,rating,comment,cmt_date\n");
        for (int i = 0; i < 100; i++) {
            String rating = i % 10 == 0 ? "11" : "4";
            csv.append(i % 7)
                    .append(',')
                    .append(100 + i % 13)
                    .append(',')
                    .append(rating)
                    .append(",tốt,2025-06-0")
                    .append(1 + i % 9)
                    .append(" 10:")
                    .append(10 + i % 50)
                    .append(":00\n");
        }
        writeRaw(csv.toString());
        String sha = ArtifactStore.sha256(RAW);

        LaunchResult r = launcher.launch("run-once");
        assertThat(r.exitCode()).as(r.getOutput()).isEqualTo(3);
        assertThat(r.getOutput())
                .contains("10 of 100 rows (10.0%) rejected, above the 5.0% bound; nothing published")
                .contains("10 x rating out of range, first at data_reviews_purchase.csv, line 2, field 'rating'");
        assertThat(ArtifactStore.sha256(RAW)).isEqualTo(sha);
        assertThat(HOME.resolve("snapshots")).doesNotExist();
        try (Stream<Path> q = Files.list(HOME.resolve("quarantine"))) {
            assertThat(Files.readString(q.findFirst().orElseThrow()))
                    .contains("RATING_OUT_OF_RANGE")
                    .contains(",2,rating,");
        }
        assertNoStackTrace(r);
        try (Stream<Path> reports = Files.walk(HOME.resolve("errors"))) {
            assertThat(reports.filter(Files::isRegularFile).toList()).hasSize(1);
        }
    }

    @Test
    void anUnclosedQuoteExitsThreeWithFileAndLine(QuarkusMainLauncher launcher) throws Exception {
        writeRaw("user_id,product_id,rating,comment,cmt_date\n1,2,4,ok,2025-06-01 10:00:00\n"
                + "1,3,4,\"oops,2025-06-02 10:00:00\n");
        LaunchResult r = launcher.launch("run-once");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.getOutput()).contains("data_reviews_purchase.csv, line 3: unclosed quote");
        assertNoStackTrace(r);
    }

    @Test
    void badInvocationsExitTwo(QuarkusMainLauncher launcher) {
        LaunchResult unknownOption = launcher.launch("run-once", "--colour", "red");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.getErrorOutput()).contains("unknown option --colour");
        assertThat(launcher.launch("frobnicate").exitCode()).isEqualTo(2);
    }

    @Test
    void aHeldLeaseMakesRunOnceExitFive(QuarkusMainLauncher launcher) throws Exception {
        writeRaw("user_id,product_id,rating,comment,cmt_date\n1,2,4,ok,2025-06-01 10:00:00\n");
        // Another process holds the lease: we hold it here, through the same database.
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl(), "postgres", "postgres")) {
            LaunchResult warmup = launcher.launch("run-once", "--dry-run"); // runs Flyway, creating the tables
            assertThat(warmup.exitCode()).isIn(0, 3);
            UUID holder = UUID.randomUUID();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO stage_leases (stage, owner, run_id, generation,"
                    + " acquired_at, expires_at) VALUES ('data-refresh', 'other-pod:1', ?, 100, now(), now() + interval"
                    + " '10 minutes') ON CONFLICT (stage) DO UPDATE SET owner = EXCLUDED.owner, run_id = EXCLUDED.run_id,"
                    + " generation = EXCLUDED.generation, expires_at = EXCLUDED.expires_at")) {
                ps.setObject(1, holder);
                ps.executeUpdate();
            }
            LaunchResult r = launcher.launch("run-once");
            assertThat(r.exitCode()).isEqualTo(5);
            assertThat(r.getErrorOutput()).contains("already running (run " + holder + ")");
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT status, exit_code FROM pipeline_runs WHERE stage = 'data-refresh' ORDER BY started_at DESC LIMIT 1");
                    ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("CANCELLED");
                assertThat(rs.getInt(2)).isEqualTo(5);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM stage_leases WHERE stage = 'data-refresh'")) {
                ps.executeUpdate();
            }
        }
    }

    /** The raw file, and a catalogue with products 0..299 (so that only what a test means is rejected). */
    private static void writeRaw(String content) throws Exception {
        Files.createDirectories(RAW.getParent());
        Files.writeString(RAW, content, StandardCharsets.UTF_8);
        StringBuilder products = new StringBuilder("product_id,product_name\n");
        for (int p = 0; p < 300; p++) {
            products.append(p).append(",Product ").append(p).append('\n');
        }
        Files.writeString(HOME.resolve("raw/data_product.csv"), products.toString());
    }

    private static void assertNoStackTrace(LaunchResult r) {
        // (the test profile's e-mail channel has no server: its one-line complaint is not the stage's)
        assertThat(r.getOutput() + r.getErrorOutput())
                .doesNotContain("\tat ")
                .doesNotContain("AccessDeniedException")
                .doesNotContain("io.recsys.core.csv.InputFailure")
                .doesNotContain("StageFailure:");
    }

    @Test
    void aDryRunOnAPopulatedHomeChangesNothingAndSaysWhatItWouldDo(QuarkusMainLauncher launcher) throws Exception {
        assertThat(launcher.launch("generate-demo", "--interactions", "3000", "--seed", "5")
                        .exitCode())
                .isZero();
        LaunchResult real = launcher.launch("run-once");
        assertThat(real.exitCode()).as(real.getOutput()).isZero();
        // a new batch: 24 good rows of known users and products, one out of range, one repeated
        StringBuilder batch = new StringBuilder("user_id,product_id,rating,comment,timestamp\n");
        for (int i = 1; i <= 24; i++) {
            batch.append(10000 + i)
                    .append(',')
                    .append(200000 + i)
                    .append(",4,tốt,2025-12-10T10:")
                    .append(String.format("%02d", i))
                    .append(":00Z\n");
        }
        batch.append("10030,200030,9,,2025-12-10T11:00:00Z\n");
        batch.append("10031,200031,4,,2025-12-10T12:00:00Z\n10031,200031,4,,2025-12-10T12:00:00Z\n");
        Files.writeString(HOME.resolve("staging/new_interactions.csv"), batch.toString(), StandardCharsets.UTF_8);

        WorldSnapshot before = WorldSnapshot.take(HOME);
        LaunchResult dry = launcher.launch("run-once", "--dry-run");
        assertThat(dry.exitCode()).as(dry.getOutput()).isZero();
        assertThat(before.differences(WorldSnapshot.take(HOME))).isEmpty();
        assertThat(dry.getOutput())
                .contains("dry run: would publish an incremental snapshot of ")
                .contains("(27 rows read, 1 rejected, 1 duplicates dropped)")
                .contains("would quarantine 2 rows")
                .contains("would merge 26 staging rows into data_reviews_purchase.csv")
                .contains("nothing written")
                .contains("would_quarantine = 2");

        // what the dry run announced is what the real run then does
        LaunchResult after = launcher.launch("run-once");
        assertThat(after.exitCode()).as(after.getOutput()).isZero();
        assertThat(after.getOutput())
                .contains("incremental refresh published snapshot")
                .contains("(27 rows read, 1 rejected, 1 duplicates dropped)");
        assertThat(HOME.resolve("staging/new_interactions.csv")).doesNotExist();
        assertThat(before.differences(WorldSnapshot.take(HOME))).isNotEmpty(); // the snapshot can see a real change
    }

    @Test
    void harmlessDuplicatesAreCountedApartAndDoNotBlockTheRefresh(QuarkusMainLauncher launcher) throws Exception {
        StringBuilder csv = new StringBuilder("user_id,product_id,rating,comment,cmt_date\n");
        int rows = 0;
        for (int u = 0; u < 60; u++) {
            for (int k = 0; k < 3; k++) {
                String row = (1000 + u) + "," + ((u + k * 7) % 20) + ",4,\"tốt, \"\"thơm\"\"\",2025-06-0" + (1 + k)
                        + " 10:00:00\n";
                csv.append(row);
                if (k == 0) {
                    csv.append(row); // a third of the rows twice: far above the 5 % rejection bound if it counted
                }
                rows++;
            }
        }
        writeRaw(csv.toString());
        LaunchResult r = launcher.launch("run-once");
        assertThat(r.exitCode()).as(r.getOutput()).isZero();
        assertThat(r.getOutput())
                .contains("full refresh published snapshot")
                .contains("(" + (rows + 60) + " rows read, 0 rejected, 60 duplicates dropped)");
        try (Stream<Path> q = Files.list(HOME.resolve("quarantine"))) {
            String quarantine = Files.readString(q.findFirst().orElseThrow());
            // the row as it is in the file, quotes and all, escaped as one CSV field
            assertThat(quarantine)
                    .contains(",DUPLICATE,")
                    .contains("\"1000,0,4,\"\"tốt, \"\"\"\"thơm\"\"\"\"\"\",2025-06-01 10:00:00\"");
        }
    }

    @Test
    void anUnreadableRawFileExitsThreeWithOneSentenceNamingFileAndPermission(QuarkusMainLauncher launcher)
            throws Exception {
        // Root reads a mode-000 file; nobody reads a write-only sysctl, so this holds for root too.
        Path writeOnly = Path.of("/proc/sys/vm/drop_caches");
        Assumptions.assumeTrue(
                Files.exists(writeOnly) && !Files.isReadable(writeOnly),
                "needs Linux's write-only /proc/sys/vm/drop_caches");
        writeRaw("unused");
        Files.delete(RAW);
        Files.createSymbolicLink(RAW, writeOnly);
        LaunchResult r = launcher.launch("run-once");
        assertThat(r.exitCode()).as(r.getOutput()).isEqualTo(3);
        assertThat(r.getOutput())
                .contains("data_reviews_purchase.csv (raw interactions): " + RAW + " is not readable by this process")
                .contains("permission denied");
        assertNoStackTrace(r);
    }

    @Test
    void aDirectoryInPlaceOfTheRawFileIsCalledADirectory(QuarkusMainLauncher launcher) throws Exception {
        writeRaw("unused");
        Files.delete(RAW);
        Files.createDirectories(RAW);
        LaunchResult r = launcher.launch("run-once");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.getOutput()).contains(RAW + " is a directory, not a file").doesNotContain("not found");
        assertNoStackTrace(r);
    }
}
