package io.recsys.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.Deployment;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.DeploymentStatus;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelState;
import io.recsys.core.registry.ModelType;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.runner.OptionParser;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.core.testing.WorldSnapshot;
import io.recsys.model.ModelArtifact;
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
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String scalarText(String sql) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }

    /** What a run removed (its report) or a dry run would remove (its outputs: a dry run writes no report). */
    @SuppressWarnings("unchecked")
    private static List<String> targets(RunOutcome outcome) throws Exception {
        List<Map<String, Object>> items;
        if (Boolean.TRUE.equals(outcome.outputs().get("dry_run"))) {
            assertThat(outcome.outputs()).doesNotContainKey("report");
            items = (List<Map<String, Object>>) outcome.outputs().get("would_remove");
        } else {
            items = (List<Map<String, Object>>) report(outcome).get("removed");
        }
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : items) {
            out.add((String) r.get("target"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> report(RunOutcome outcome) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(Path.of((String) outcome.outputs().get("report")).toFile(), Map.class);
    }

    /** The names in {@code dir} starting with {@code prefix}: the home is shared with other tests. */
    private static List<String> names(Path dir, String prefix) throws Exception {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void aDryRunListsWhatTheRealRunThenRemovesAndNothingReferencedGoes() throws Exception {
        Path home = store.root();
        // Eight BPR models; bpr-c0 then bpr-c1 went to production (so both are protected).
        List<Path> models = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            models.add(Path.of(
                    TestModels.publish(store, registry, TestModels.good("bpr-c" + i), "bpr-c" + i, ModelType.BPR)
                            .artifactPath()));
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
            Path cp = file(
                            home.resolve("checkpoints/snap.als.h" + i + ".iter-00002/users.npy"),
                            "x".repeat(100),
                            Duration.ofHours(i))
                    .getParent();
            Files.setLastModifiedTime(cp, FileTime.from(Instant.now().minus(Duration.ofHours(i))));
            checkpoints.add(cp);
        }
        Path oldLog = file(home.resolve("logs/old.log"), "old", Duration.ofDays(40));
        Path newLog = file(home.resolve("logs/new.log"), "new", Duration.ofDays(1));
        Path oldError = file(home.resolve("errors/training/old.json"), "{}", Duration.ofDays(40));
        Path oldReport = file(home.resolve("reports/health/health_old.json"), "{}", Duration.ofDays(100));
        execute(
                "INSERT INTO health_checks (checked_at, overall, report) VALUES (now() - interval '400 days', 'HEALTHY', '{}')");
        // Online metrics of a day 400 days ago go with the ledger; last week's stay.
        onlineMetrics("bpr-c0", 400);
        onlineMetrics("bpr-c1", 7);

        WorldSnapshot before = WorldSnapshot.take(home);
        RunOutcome dry = cleanup("--dry-run");
        assertThat(dry.status()).as(dry.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(dry.message()).startsWith("dry run: would remove");
        assertThat(before.differences(WorldSnapshot.take(home)))
                .as("a dry run changes nothing")
                .isEmpty();
        List<String> listed = targets(dry);
        long wouldFree = ((Number) dry.outputs().get("would_free_bytes")).longValue();
        assertThat(listed)
                .contains(
                        models.get(2).toString(),
                        checkpoints.get(3).toString(),
                        checkpoints.get(4).toString(),
                        oldLog.toString(),
                        oldError.toString(),
                        oldReport.toString(),
                        "health_checks",
                        "online_metrics")
                .contains(
                        store.area("snapshots").resolve("clean-s0").toString(),
                        store.area("snapshots").resolve("clean-s1").toString())
                .doesNotContain(
                        models.get(0).toString(),
                        models.get(1).toString(),
                        models.get(3).toString(),
                        models.get(7).toString(),
                        newLog.toString(),
                        checkpoints.get(0).toString(),
                        checkpoints.get(2).toString(),
                        store.area("snapshots").resolve("clean-s2").toString(),
                        store.area("snapshots").resolve("clean-s7").toString());
        assertThat(wouldFree).isPositive();
        for (String t : listed) {
            if (t.contains("/")) {
                assertThat(Path.of(t)).as("a dry run removes nothing").exists();
            }
        }

        RunOutcome real = cleanup();
        assertThat(real.status()).as(real.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(targets(real)).containsExactlyElementsOf(listed);
        assertThat(((Number) real.outputs().get("freed_bytes")).longValue()).isEqualTo(wouldFree);
        for (String t : listed) {
            if (t.contains("/")) {
                assertThat(Path.of(t)).as("removed").doesNotExist();
            }
        }
        // Referenced and recent things stay.
        for (Path p : List.of(
                models.get(0),
                models.get(1),
                models.get(3),
                models.get(7),
                newLog,
                checkpoints.get(0),
                store.area("snapshots").resolve("clean-s7"))) {
            assertThat(p).exists();
        }
        assertThat(registry.find("bpr-c2")).isPresent(); // the row stays for history
        assertThat(count("SELECT count(*) FROM model_versions WHERE id = 'bpr-c2' AND artifact_deleted_at IS NOT NULL"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM artifacts WHERE id = 'clean-s0'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM health_checks WHERE checked_at < now() - interval '365 days'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM online_metrics WHERE model_id = 'bpr-c0'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM online_metrics WHERE model_id = 'bpr-c1'"))
                .isEqualTo(1);
        assertThat(Files.list(store.area("models")).map(p -> p.getFileName().toString()))
                .noneMatch(n -> n.startsWith(".deleting-"));
    }

    @Test
    void embeddingSetsBeyondTheNewestThreeGoButNeverTheCurrentOne() throws Exception {
        List<Path> sets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = "emb-" + i;
            store.publish("embeddings", id, Map.of(), dir -> Files.writeString(dir.resolve("content.bin"), "[]"));
            Path dir = store.area("embeddings").resolve(id);
            artifacts.registerAndPoint(
                    new ArtifactRecord(
                            ArtifactKind.EMBEDDING_SET,
                            id,
                            dir.toString(),
                            store.manifestDigest(dir),
                            Instant.now().minus(Duration.ofDays(6 - i)),
                            UUID.randomUUID(),
                            Map.of(),
                            Map.of()),
                    "current");
            sets.add(dir);
        }
        RunOutcome real = cleanup("--type", "embeddings");
        assertThat(real.status()).as(real.message()).isEqualTo(RunStatus.SUCCEEDED);
        // emb-5 is current; of the others the newest three (emb-4, emb-3, emb-2) stay.
        assertThat(targets(real))
                .containsExactlyInAnyOrder(sets.get(0).toString(), sets.get(1).toString());
        assertThat(sets.get(0)).doesNotExist();
        assertThat(sets.get(1)).doesNotExist();
        for (Path kept : sets.subList(2, 6)) {
            assertThat(kept).exists();
        }
        assertThat(count("SELECT count(*) FROM artifacts WHERE kind = '" + ArtifactKind.EMBEDDING_SET.id() + "'"))
                .isEqualTo(4);
    }
    /** An ALS model trained on {@code snapshot}, published and registered. */
    private ModelVersion model(String id, String snapshot) throws Exception {
        store.publish("models", id, Map.of(), dir -> ModelArtifact.write(dir, TestModels.good(id)));
        Path dir = store.area("models").resolve(id);
        Instant now = Instant.now();
        ModelVersion v = new ModelVersion(
                id,
                ModelType.ALS,
                ModelState.CANDIDATE,
                snapshot,
                Map.of(),
                1,
                Map.of("recall@10", 0.2),
                Map.of("recall@10", 0.1),
                Map.of(),
                dir.toString(),
                store.manifestDigest(dir),
                "test",
                null,
                now,
                now);
        registry.register(v);
        return v;
    }

    /** A data snapshot that recorded the raw file it was built from, as data-service records it. */
    private void snapshot(String id, String rawContent, UUID run, String alias) throws Exception {
        store.publish("snapshots", id, Map.of(), dir -> Files.writeString(dir.resolve("content.bin"), "{}"));
        Path dir = store.area("snapshots").resolve(id);
        artifacts.registerAndPoint(
                new ArtifactRecord(
                        ArtifactKind.DATA_SNAPSHOT,
                        id,
                        dir.toString(),
                        store.manifestDigest(dir),
                        Instant.now(),
                        run,
                        Map.of(
                                "raw_interactions_sha256",
                                MergedHome.sha256(rawContent),
                                "products_sha256",
                                "x",
                                "config",
                                "y"),
                        Map.of()),
                alias);
    }

    @Test
    void cleanupOnAHomeWith20MergesBackupsBounded() throws Exception {
        Path home = store.root();
        // 20 merges, one every two days, the last two days ago.
        Instant first = Instant.now().minus(Duration.ofDays(40)).minus(Duration.ofHours(1));
        List<MergedHome.Merge> merges =
                MergedHome.merge(home, "data_reviews_purchase.csv", 20, first, Duration.ofDays(2));
        // The current snapshot came from the last merge; production serves a model trained on the
        // snapshot of merge 2, whose raw input is the backup taken by merge 3.
        snapshot("m20-s02", merges.get(2).rawAfter(), merges.get(2).run(), "current");
        snapshot("m20-s19", merges.get(19).rawAfter(), merges.get(19).run(), "current");
        model("m20-prod", "m20-s02");
        aliases.move(ModelAliases.PRODUCTION, "m20-prod", DeploymentAction.PROMOTE, "CLI", null, null);
        Path backups = home.resolve("raw/backups");
        assertThat(names(backups, "data_reviews_purchase_backup_")).hasSize(20);

        RunOutcome real = cleanup("--type", "data");
        assertThat(real.status()).as(real.message()).isEqualTo(RunStatus.SUCCEEDED);

        // Bounded: the newest five (the seed's), plus the raw input of the production model's data.
        List<String> expected = new ArrayList<>();
        expected.add(merges.get(3).backup().getFileName().toString());
        for (int i = 15; i < 20; i++) {
            expected.add(merges.get(i).backup().getFileName().toString());
        }
        assertThat(names(backups, "data_reviews_purchase_backup_")).containsExactlyInAnyOrderElementsOf(expected);
        @SuppressWarnings("unchecked")
        Map<String, String> protectedFiles = (Map<String, String>) report(real).get("protected_files");
        assertThat(protectedFiles.get(merges.get(3).backup().toString()))
                .contains("m20-s02")
                .contains("training data of protected model m20-prod");
        // Archived batches and quarantine files: those of the last 30 days, at least five.
        for (int i = 0; i < 20; i++) {
            boolean recent = i >= 6;
            assertThat(Files.exists(merges.get(i).archived()))
                    .as("archived batch %d", i)
                    .isEqualTo(recent);
            boolean protectedRun = i == 2; // rows rejected by the run that published m20-s02
            assertThat(Files.exists(merges.get(i).quarantine()))
                    .as("quarantine %d", i)
                    .isEqualTo(recent || protectedRun);
        }
        // The raw file itself is never touched, and the layout directories stay.
        assertThat(Files.readString(home.resolve("raw/data_reviews_purchase.csv")))
                .isEqualTo(merges.get(19).rawAfter());
        assertThat(home.resolve("staging/archived")).isDirectory();
        assertThat(home.resolve("quarantine")).isDirectory();

        // Twenty merges later the count is the same: bounded, not merely smaller.
        List<MergedHome.Merge> more = MergedHome.merge(
                home, "other_interactions.csv", 20, Instant.now().minus(Duration.ofDays(20)), Duration.ofHours(12));
        assertThat(cleanup("--type", "data").status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(names(backups, "other_interactions_backup_"))
                .hasSize(5)
                .containsExactlyInAnyOrderElementsOf(more.subList(15, 20).stream()
                        .map(m -> m.backup().getFileName().toString())
                        .toList());
        assertThat(names(backups, "data_reviews_purchase_backup_")).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The deployments deploy-service's --rollback would choose: as DeploymentStage.previousProduction reads it. */
    private String rollbackTarget(String alias) throws Exception {
        String current = aliases.current(alias).orElseThrow().modelId();
        for (Deployment d : aliases.history(alias, 200)) {
            if (!d.modelId().equals(current)
                    && (d.status() == DeploymentStatus.SUCCEEDED || d.status() == DeploymentStatus.PENDING)
                    && registry.find(d.modelId()).orElseThrow().state() != ModelState.REJECTED) {
                return d.modelId();
            }
        }
        return null;
    }

    /** An event goes when it is old and the current snapshot holds it; one not yet taken in stays, however old. */
    @Test
    void oldEventsGoOnlyOnceTheCurrentSnapshotHoldsThemAndOldImpressionsGo() throws Exception {
        execute("INSERT INTO events (event_id, user_id, item_id, type, occurred_at, received_at) VALUES"
                + " ('cleanup-ev-taken', 'u', 'p', 'click', now() - interval '400 days', now() - interval '400 days')");
        String taken = scalarText("SELECT txid::text FROM events WHERE event_id = 'cleanup-ev-taken'");
        String watermark = scalarText("SELECT pg_snapshot_xmin(pg_current_snapshot())::text");
        execute("INSERT INTO events (event_id, user_id, item_id, type, occurred_at, received_at) VALUES"
                + " ('cleanup-ev-waiting', 'u', 'p', 'click', now() - interval '400 days', now() - interval '400 days'),"
                + " ('cleanup-ev-recent', 'u', 'p', 'view', now(), now())");
        assertThat(Long.parseLong(taken)).isLessThan(Long.parseLong(watermark));
        store.publish("snapshots", "ev-snap", Map.of(), dir -> Files.writeString(dir.resolve("content.bin"), "{}"));
        Path dir = store.area("snapshots").resolve("ev-snap");
        artifacts.registerAndPoint(
                new ArtifactRecord(
                        ArtifactKind.DATA_SNAPSHOT,
                        "ev-snap",
                        dir.toString(),
                        store.manifestDigest(dir),
                        Instant.now(),
                        UUID.randomUUID(),
                        Map.of(),
                        Map.of("events_watermark", watermark)),
                "current");
        execute(
                "INSERT INTO impressions (request_id, served_at, instance_id, endpoint, model_id, variant, items) VALUES"
                        + " ('cleanup-imp-old', now() - interval '31 days', 'r', 'popular', 'm', 'production', '{p}'),"
                        + " ('cleanup-imp-new', now() - interval '1 day', 'r', 'popular', 'm', 'production', '{p}')");

        RunOutcome dry = cleanup("--dry-run", "--type", "ledger");
        assertThat(targets(dry)).contains("events", "impressions");
        assertThat(count("SELECT count(*) FROM events WHERE event_id LIKE 'cleanup-ev-%'"))
                .isEqualTo(3);

        RunOutcome real = cleanup("--type", "ledger");
        assertThat(real.status()).as(real.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(count("SELECT count(*) FROM events WHERE event_id = 'cleanup-ev-taken'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM events WHERE event_id IN ('cleanup-ev-waiting', 'cleanup-ev-recent')"))
                .isEqualTo(2);
        assertThat(count("SELECT count(*) FROM impressions WHERE request_id = 'cleanup-imp-old'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM impressions WHERE request_id = 'cleanup-imp-new'"))
                .isEqualTo(1);
    }

    @Test
    void deploymentsBeyondTheNewestHundredGoButNeverOneTheAliasOrARollbackNeeds() throws Exception {
        String alias = "cleanup-canary";
        for (String id : List.of("dep-a", "dep-r", "dep-c")) {
            model(id, "snap-1");
        }
        List<Long> ids = new ArrayList<>();
        // #1 dep-a succeeded: the rollback target. #2 dep-r succeeded, later rejected. #3 dep-c
        // succeeded: the last success. Then 107 failed redeployments of dep-c.
        String[] order = new String[110];
        order[0] = "dep-a";
        order[1] = "dep-r";
        for (int i = 2; i < 110; i++) {
            order[i] = "dep-c";
        }
        for (int i = 0; i < 110; i++) {
            Deployment d = aliases.move(alias, order[i], DeploymentAction.PROMOTE, "CLI", null, null);
            aliases.finish(d.id(), i < 3 ? DeploymentStatus.SUCCEEDED : DeploymentStatus.FAILED, Map.of(), "test");
            ids.add(d.id());
        }
        registry.transition("dep-r", ModelState.REJECTED, "test: rolled back on demand");
        assertThat(rollbackTarget(alias)).isEqualTo("dep-a");
        // alert_log by age: 30 days by default.
        execute(
                "INSERT INTO alert_log (fingerprint, severity, source, subject, message, suppressed, channels_delivered,"
                        + " channels_failed, sent_at) VALUES ('cleanup-old', 'INFO', 'test', 'cleanup old alert', 'm', false, 'LOG',"
                        + " '', now() - interval '40 days'), ('cleanup-recent', 'INFO', 'test', 'cleanup recent alert', 'm', false,"
                        + " 'LOG', '', now() - interval '10 days')");

        RunOutcome dry = cleanup("--dry-run", "--type", "ledger");
        assertThat(dry.status()).as(dry.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(targets(dry)).contains("deployments", "alert_log");
        assertThat(count("SELECT count(*) FROM deployments WHERE alias = '" + alias + "'"))
                .isEqualTo(110);

        RunOutcome real = cleanup("--type", "ledger");
        assertThat(real.status()).as(real.message()).isEqualTo(RunStatus.SUCCEEDED);
        List<Long> left = new ArrayList<>();
        for (Deployment d : aliases.history(alias, 1000)) {
            left.add(d.id());
        }
        List<Long> expected = new ArrayList<>(ids.subList(10, 110));
        expected.add(ids.get(2)); // the last successful deployment
        expected.add(ids.get(0)); // the rollback target
        assertThat(left).containsExactlyInAnyOrderElementsOf(expected);
        // What the alias and a rollback read still resolves.
        assertThat(aliases.find(aliases.current(alias).orElseThrow().deploymentId()))
                .isPresent();
        assertThat(rollbackTarget(alias)).isEqualTo("dep-a");
        assertThat(count("SELECT count(*) FROM alert_log WHERE fingerprint = 'cleanup-old'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM alert_log WHERE fingerprint = 'cleanup-recent'"))
                .isEqualTo(1);
    }

    private long vacuums(String table) throws Exception {
        return count("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = '" + table + "'");
    }

    /** Something of every kind the cleanup removes, all old enough to go. */
    private void removables(String tag) throws Exception {
        Path home = store.root();
        file(home.resolve("logs/" + tag + "/old.log"), "old", Duration.ofDays(40));
        file(home.resolve("errors/" + tag + "/old.json"), "{}", Duration.ofDays(40));
        file(home.resolve("reports/" + tag + "/old.json"), "{}", Duration.ofDays(100));
        for (int i = 0; i < 5; i++) {
            Path cp = file(
                            home.resolve("checkpoints/" + tag + ".bpr.h" + i + ".iter-00002/users.npy"),
                            "x",
                            Duration.ofDays(10 + i))
                    .getParent();
            Files.setLastModifiedTime(cp, FileTime.from(Instant.now().minus(Duration.ofDays(10 + i))));
        }
        MergedHome.merge(
                home, tag + "_interactions.csv", 8, Instant.now().minus(Duration.ofDays(60)), Duration.ofDays(1));
        Path empty = Files.createDirectories(home.resolve("reports/" + tag + "-empty/nested"));
        Files.setLastModifiedTime(empty, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
        model(tag + "-model", "snap-1");
        for (int i = 0; i < 103; i++) {
            Deployment d = aliases.move("dry-" + tag, tag + "-model", DeploymentAction.PROMOTE, "CLI", null, null);
            aliases.finish(d.id(), DeploymentStatus.FAILED, Map.of(), "test");
        }
        execute(
                "INSERT INTO alert_log (fingerprint, severity, source, subject, message, suppressed, channels_delivered,"
                        + " channels_failed, sent_at) VALUES ('" + tag
                        + "', 'INFO', 'test', 's', 'm', false, 'LOG', '',"
                        + " now() - interval '40 days')");
        execute(
                "INSERT INTO health_checks (checked_at, overall, report) VALUES (now() - interval '400 days', 'HEALTHY', '{}')");
        onlineMetrics(tag + "-model", 400);
    }

    /** One online_metrics row of {@code model}, {@code daysAgo} days ago. */
    private void onlineMetrics(String model, int daysAgo) throws Exception {
        execute(
                "INSERT INTO online_metrics (day, model_id, variant, impressions, users, clicks, clicked_impressions, ctr,"
                        + " add_to_cart, carted_impressions, add_to_cart_rate, purchases, purchased_impressions, purchase_rate,"
                        + " distinct_items, computed_at) VALUES (current_date - " + daysAgo + ", '" + model
                        + "', 'production',"
                        + " 10, 5, 1, 1, 0.1, 0, 0, 0, 0, 0, 0, 8, now())");
    }

    @Test
    void aDryRunAgainstAPopulatedHomeChangesNothing() throws Exception {
        Path home = store.root();
        removables("populated");
        RunOutcome first = cleanup();
        assertThat(first.status()).as(first.message()).isEqualTo(RunStatus.SUCCEEDED);
        // The home after a real cleanup, with a new month's worth of things to remove.
        removables("later");

        long vacuumsBefore = vacuums("alert_log");
        WorldSnapshot before = WorldSnapshot.take(home);
        RunOutcome dry = cleanup("--dry-run");
        assertThat(dry.status()).as(dry.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(before.differences(WorldSnapshot.take(home)))
                .as("a dry run changes nothing")
                .isEmpty();
        assertThat(vacuums("alert_log")).as("no VACUUM in a dry run").isEqualTo(vacuumsBefore);
        try (var reports = Files.list(home.resolve("reports/cleanup"))) {
            assertThat(reports.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("dry-run"));
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed =
                (List<Map<String, Object>>) dry.outputs().get("would_remove");
        assertThat(listed.stream().map(m -> m.get("kind")))
                .contains(
                        "log",
                        "error_report",
                        "report",
                        "checkpoint",
                        "raw_backup",
                        "staging_archive",
                        "quarantine",
                        "ledger_rows",
                        "empty_directory");
        List<String> targets = targets(dry);
        assertThat(targets)
                .contains(
                        "deployments",
                        "alert_log",
                        "health_checks",
                        "online_metrics",
                        home.resolve("reports/later-empty/nested").toString(),
                        home.resolve("reports/later-empty").toString(),
                        home.resolve("logs/later").toString(),
                        home.resolve("errors/later").toString())
                .doesNotContain(
                        home.resolve("logs").toString(),
                        home.resolve("reports").toString(),
                        home.resolve("raw/backups").toString(),
                        home.resolve("quarantine").toString());
        assertThat(targets.indexOf(home.resolve("reports/later-empty/nested").toString()))
                .as("deepest first")
                .isLessThan(targets.indexOf(home.resolve("reports/later-empty").toString()));

        List<Path> layout = new ArrayList<>();
        for (String d : List.of(
                "logs",
                "errors",
                "reports",
                "checkpoints",
                "quarantine",
                "raw",
                "raw/backups",
                "staging",
                "staging/archived",
                "models",
                "snapshots",
                "embeddings")) {
            if (Files.isDirectory(home.resolve(d))) {
                layout.add(home.resolve(d));
            }
        }
        assertThat(layout)
                .contains(
                        home.resolve("logs"),
                        home.resolve("errors"),
                        home.resolve("checkpoints"),
                        home.resolve("quarantine"),
                        home.resolve("raw/backups"),
                        home.resolve("staging/archived"));
        RunOutcome real = cleanup();
        assertThat(real.status()).as(real.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(targets(real)).containsExactlyElementsOf(targets);
        assertThat(home.resolve("reports/later-empty")).doesNotExist();
        assertThat(home.resolve("logs/later")).doesNotExist();
        for (Path d : layout) {
            assertThat(d).as("a layout directory stays").isDirectory();
        }
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> vacuums("alert_log") > vacuumsBefore);
        assertThat(vacuums("alert_log")).as("the real run vacuums once").isEqualTo(vacuumsBefore + 1);
    }
}
