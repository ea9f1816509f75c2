package io.recsys.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelType;
import io.recsys.core.runner.OptionParser;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.monitor.cleanup.CleanupStage;
import io.recsys.serving.testing.CleanTestHome;
import io.recsys.serving.testing.TestModels;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Retention on a real home and database: a dry run lists and frees nothing; the real run removes
 * exactly what was listed, frees the bytes it said, and never touches what is referenced.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
class CleanupTest {
    @Inject
    StageRunner runner;
    @Inject
    CleanupStage stage;
    @Inject
    ArtifactStore store;
    @Inject
    ArtifactRegistry artifacts;
    @Inject
    ModelRegistry registry;
    @Inject
    ModelAliases aliases;
    @Inject
    DataSource dataSource;

    private RunOutcome cleanup(String... args) throws Exception {
        return runner.run(stage, Trigger.CLI, OptionParser.parse(List.of(args), stage.options()));
    }

    private static Path file(Path p, String content, Duration age) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(age)));
        return p;
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> targets(RunOutcome outcome, String key) throws Exception {
        Map<String, Object> report = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                Path.of((String) outcome.outputs().get("report")).toFile(), Map.class);
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) report.get(key)) {
            out.add((String) r.get("target"));
        }
        return out;
    }

    @Test
    void aDryRunListsWhatTheRealRunThenRemovesAndNothingReferencedGoes() throws Exception {
        Path home = store.root();
        // Eight BPR models; bpr-c0 then bpr-c1 went to production (so both are protected).
        List<Path> models = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            models.add(Path.of(TestModels.publish(store, registry, TestModels.good("bpr-c" + i), "bpr-c" + i,
                    ModelType.BPR).artifactPath()));
        }
        aliases.move(ModelAliases.PRODUCTION, "bpr-c0", DeploymentAction.PROMOTE, "CLI", null, null);
        aliases.move(ModelAliases.PRODUCTION, "bpr-c1", DeploymentAction.PROMOTE, "CLI", null, null);
        // Eight snapshots; the last is current.
        for (int i = 0; i < 8; i++) {
            TestSnapshots.publish(store, artifacts, "clean-s" + i, List.of(DriftDetectionTest.SAME));
        }
        // Five ALS checkpoints of increasing age.
        List<Path> checkpoints = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Path cp = file(home.resolve("checkpoints/snap.als.h" + i + ".iter-00002/users.npy"), "x".repeat(100),
                    Duration.ofHours(i)).getParent();
            Files.setLastModifiedTime(cp, FileTime.from(Instant.now().minus(Duration.ofHours(i))));
            checkpoints.add(cp);
        }
        Path oldLog = file(home.resolve("logs/old.log"), "old", Duration.ofDays(40));
        Path newLog = file(home.resolve("logs/new.log"), "new", Duration.ofDays(1));
        Path oldError = file(home.resolve("errors/training/old.json"), "{}", Duration.ofDays(40));
        Path oldReport = file(home.resolve("reports/health/health_old.json"), "{}", Duration.ofDays(100));
        execute("INSERT INTO health_checks (checked_at, overall, report) VALUES (now() - interval '400 days', 'HEALTHY', '{}')");

        RunOutcome dry = cleanup("--dry-run");
        assertThat(dry.status()).as(dry.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(dry.message()).startsWith("dry run: would remove");
        List<String> listed = targets(dry, "would_remove");
        long wouldFree = ((Number) dry.outputs().get("would_free_bytes")).longValue();
        assertThat(listed).contains(models.get(2).toString(), checkpoints.get(3).toString(), checkpoints.get(4).toString(),
                oldLog.toString(), oldError.toString(), oldReport.toString(), "health_checks")
                .contains(store.area("snapshots").resolve("clean-s0").toString(),
                        store.area("snapshots").resolve("clean-s1").toString())
                .doesNotContain(models.get(0).toString(), models.get(1).toString(), models.get(3).toString(),
                        models.get(7).toString(), newLog.toString(), checkpoints.get(0).toString(),
                        checkpoints.get(2).toString(), store.area("snapshots").resolve("clean-s2").toString(),
                        store.area("snapshots").resolve("clean-s7").toString());
        assertThat(wouldFree).isPositive();
        for (String t : listed) {
            if (t.contains("/")) {
                assertThat(Path.of(t)).as("a dry run removes nothing").exists();
            }
        }

        RunOutcome real = cleanup();
        assertThat(real.status()).as(real.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(targets(real, "removed")).containsExactlyElementsOf(listed);
        assertThat(((Number) real.outputs().get("freed_bytes")).longValue()).isEqualTo(wouldFree);
        for (String t : listed) {
            if (t.contains("/")) {
                assertThat(Path.of(t)).as("removed").doesNotExist();
            }
        }
        // Referenced and recent things stay.
        for (Path p : List.of(models.get(0), models.get(1), models.get(3), models.get(7), newLog, checkpoints.get(0),
                store.area("snapshots").resolve("clean-s7"))) {
            assertThat(p).exists();
        }
        assertThat(registry.find("bpr-c2")).isPresent(); // the row stays for history
        assertThat(count("SELECT count(*) FROM model_versions WHERE id = 'bpr-c2' AND artifact_deleted_at IS NOT NULL"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM artifacts WHERE id = 'clean-s0'")).isZero();
        assertThat(count("SELECT count(*) FROM health_checks WHERE checked_at < now() - interval '365 days'")).isZero();
        assertThat(Files.list(store.area("models")).map(p -> p.getFileName().toString()))
                .noneMatch(n -> n.startsWith(".deleting-"));
    }

    @Test
    void embeddingSetsBeyondTheNewestThreeGoButNeverTheCurrentOne() throws Exception {
        List<Path> sets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = "emb-" + i;
            store.publish("embeddings", id, Map.of(), dir -> Files.writeString(dir.resolve("item_ids.json"), "[]"));
            Path dir = store.area("embeddings").resolve(id);
            artifacts.registerAndPoint(new ArtifactRecord("embedding-set", id, dir.toString(), store.manifestDigest(dir),
                    Instant.now().minus(Duration.ofDays(6 - i)), UUID.randomUUID(), Map.of(), Map.of()), "current");
            sets.add(dir);
        }
        RunOutcome real = cleanup("--type", "embeddings");
        assertThat(real.status()).as(real.message()).isEqualTo(RunStatus.SUCCEEDED);
        // emb-5 is current; of the others the newest three (emb-4, emb-3, emb-2) stay.
        assertThat(targets(real, "removed")).containsExactlyInAnyOrder(sets.get(0).toString(), sets.get(1).toString());
        assertThat(sets.get(0)).doesNotExist();
        assertThat(sets.get(1)).doesNotExist();
        for (Path kept : sets.subList(2, 6)) {
            assertThat(kept).exists();
        }
        assertThat(count("SELECT count(*) FROM artifacts WHERE kind = 'embedding-set'")).isEqualTo(4);
    }
}
