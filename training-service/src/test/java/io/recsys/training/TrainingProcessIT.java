package io.recsys.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.testing.ServiceJar;
import io.recsys.math.Factors;
import io.recsys.math.als.ImplicitAls;
import io.recsys.model.ModelArtifact;
import io.recsys.model.ModelContent;
import io.recsys.training.data.TrainingData;
import io.recsys.training.model.AlsModel;
import io.recsys.training.model.TrainingLoop;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged training service as a real process: SIGKILL in the middle of training, rerun, and
 * the model it publishes has exactly the factors of an uninterrupted training.
 */
class TrainingProcessIT {
    private static final int ITERATIONS = 400;
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

    private Process start(String name, String... args) throws Exception {
        return ServiceJar.underTest()
                .database(postgres.getJdbcUrl("postgres", "postgres"))
                .home(home)
                .env("RECSYS_LEASE_TTL", "3s")
                .env("RECSYS_LEASE_RENEW_EVERY", "1s")
                .env("TRAINING_ALS_FACTORS", "16")
                .env("TRAINING_ALS_ITERATIONS", Integer.toString(ITERATIONS))
                .env("TRAINING_EARLY_STOPPING_ENABLED", "false")
                .env("TRAINING_CHECKPOINTS_EVERY", "5")
                .env("TRAINING_THREADS", "2")
                .start(home.resolve(name + ".log"), args);
    }

    @Test
    void aTrainingKilledMidwayResumesFromItsCheckpointAndEndsWithTheSameFactors() throws Exception {
        // Migrate the schema (the run itself fails: there is no snapshot yet).
        Process first = start("migrate", "run-once");
        assertThat(first.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(first.exitValue()).isEqualTo(3);

        ArtifactStore store = new ArtifactStore(home);
        store.publish("snapshots", "snap-it", Map.of(), dir -> PlantedSnapshot.write(dir, 21, 20000, 2000));
        Path snapshotDir = store.area("snapshots").resolve("snap-it");
        var ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(postgres.getJdbcUrl("postgres", "postgres"));
        ds.setUser("postgres");
        ds.setPassword("postgres");
        new ArtifactRegistry(ds, new ObjectMapper())
                .registerAndPoint(
                        new ArtifactRecord(
                                ArtifactKind.DATA_SNAPSHOT,
                                "snap-it",
                                snapshotDir.toString(),
                                store.manifestDigest(snapshotDir),
                                Instant.now(),
                                UUID.randomUUID(),
                                Map.of(),
                                Map.of()),
                        "current");

        Process victim = start("victim", "run-once", "--model", "als");
        Path checkpoints = home.resolve("checkpoints");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!hasCheckpointAtLeast(checkpoints, 15)) {
            assertThat(System.nanoTime()).as("a checkpoint appears").isLessThan(deadline);
            assertThat(victim.isAlive()).as("still training when killed").isTrue();
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Duration.ofMillis(50).toNanos());
        }
        victim.destroyForcibly();
        victim.waitFor();
        assertThat(count("SELECT count(*) FROM model_versions")).isZero();

        // Wait out the dead run's lease, then rerun: it resumes from the newest checkpoint.
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(4).toNanos());
        Process rerun = start("rerun", "run-once", "--model", "als");
        assertThat(rerun.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String log = Files.readString(home.resolve("rerun.log"));
        assertThat(rerun.exitValue()).as(log).isZero();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT artifact_path, params->>'resumed_from_iteration' FROM model_versions")) {
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                Path model = Path.of(rs.getString(1));
                assertThat(Integer.parseInt(rs.getString(2)))
                        .as("resumed from a checkpoint")
                        .isGreaterThanOrEqualTo(15);
                ModelContent published = ModelArtifact.read(model);
                Factors[] reference = uninterrupted(snapshotDir);
                assertThat(published.users()).isEqualTo(reference[0]);
                assertThat(published.items()).isEqualTo(reference[1]);
            }
        }
    }

    /** The same training in this JVM, without interruption (ALS does not depend on threads). */
    private static Factors[] uninterrupted(Path snapshotDir) throws Exception {
        TrainingData d = TrainingData.load(snapshotDir, "snap-it");
        ImplicitAls.Params p =
                new ImplicitAls.Params(16, 0.1, 5, ImplicitAls.Solver.CONJUGATE_GRADIENT, 3, false, 42, 1);
        try (AlsModel m = new AlsModel(
                p,
                d.confidence(),
                Factors.random(d.userIds().size(), 16, 0.01, 42),
                Factors.random(d.itemIds().size(), 16, 0.01, 43))) {
            TrainingLoop.Outcome o = new TrainingLoop(1).run(m, ITERATIONS, null, null, null, 0, r -> {}, () -> true);
            return new Factors[] {o.users(), o.items()};
        }
    }

    private static boolean hasCheckpointAtLeast(Path dir, int iteration) throws Exception {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains(".iter-") && !n.startsWith("."))
                    .anyMatch(n -> Integer.parseInt(n.substring(n.lastIndexOf('-') + 1)) >= iteration);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(
                        postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
