package io.recsys.data.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.testing.EmbeddedPostgresResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CronJob contract: {@code run-once} and its exit codes, on a real PostgreSQL. */
@QuarkusMainTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class RunOnceCommandTest {
    private static final Path HOME = Path.of("target/test-home").toAbsolutePath();
    private static final Path RAW = HOME.resolve("raw/data_reviews_purchase.csv");

    @BeforeEach
    void cleanHome() throws Exception {
        if (Files.exists(HOME)) {
            try (Stream<Path> walk = Files.walk(HOME)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void demoDataRefreshesThenSkipsWhenNothingChanged(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult gen = launcher.launch("generate-demo", "--interactions", "3000", "--seed", "5");
        assertThat(gen.exitCode()).isZero();
        assertThat(RAW).exists();
        String before = Files.readString(RAW);

        LaunchResult first = launcher.launch("run-once");
        assertThat(first.exitCode()).as(first.getOutput()).isZero();
        assertThat(first.getOutput()).contains("data-refresh SUCCEEDED").contains("snapshot_path = ");
        // the staging batch was merged: raw grew, the old raw is backed up, staging archived
        assertThat(Files.readString(RAW)).startsWith(before.substring(0, 200)).hasSizeGreaterThan(before.length());
        try (Stream<Path> backups = Files.list(HOME.resolve("raw/backups"))) {
            assertThat(backups.toList()).singleElement()
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
            csv.append(i % 7).append(',').append(100 + i % 13).append(',').append(rating).append(",tốt,2025-06-0")
                    .append(1 + i % 9).append(" 10:").append(10 + i % 50).append(":00\n");
        }
        writeRaw(csv.toString());
        String sha = ArtifactStore.sha256(RAW);

        LaunchResult r = launcher.launch("run-once");
        assertThat(r.exitCode()).as(r.getOutput()).isEqualTo(3);
        assertThat(r.getOutput()).contains("10 of 100 rows (10.0%) rejected, above the 5.0% bound; nothing published")
                .contains("10 x rating out of range, first at data_reviews_purchase.csv, line 2, field 'rating'");
        assertThat(ArtifactStore.sha256(RAW)).isEqualTo(sha);
        assertThat(HOME.resolve("snapshots")).doesNotExist();
        try (Stream<Path> q = Files.list(HOME.resolve("quarantine"))) {
            assertThat(Files.readString(q.findFirst().orElseThrow())).contains("RATING_OUT_OF_RANGE").contains(",2,rating,");
        }
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

    private static void writeRaw(String content) throws Exception {
        Files.createDirectories(RAW.getParent());
        Files.writeString(RAW, content, StandardCharsets.UTF_8);
        Files.writeString(HOME.resolve("raw/data_product.csv"), "product_id,product_name\n2,Serum\n3,Son\n");
    }

}
