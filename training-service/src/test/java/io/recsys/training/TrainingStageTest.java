package io.recsys.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.artifact.embedding.EmbeddingSet;
import io.recsys.artifact.embedding.EmbeddingSetWriter;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelState;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.retrain.RetrainReason;
import io.recsys.core.retrain.RetrainRequests;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.core.testing.FreshInstallation;
import io.recsys.core.testing.WorldSnapshot;
import io.recsys.model.ModelArtifact;
import io.recsys.model.ModelContent;
import io.recsys.training.data.TrainingData;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The training stage end to end on a real PostgreSQL: train, evaluate, register, promote, skip. Each
 * test starts on a fresh installation (empty database and home) and builds what it needs with the
 * helpers below, so the tests pass alone and in any order.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class TrainingStageTest {
    @Inject
    StageRunner runner;

    @Inject
    TrainingStage stage;

    @Inject
    ArtifactStore store;

    @Inject
    ArtifactRegistry artifacts;

    @Inject
    ModelRegistry models;

    @Inject
    DataSource dataSource;

    @Inject
    io.recsys.core.ledger.RunLedger ledger;

    @Inject
    RetrainRequests requests;

    @Inject
    io.recsys.core.drift.DriftVerdicts driftVerdicts;

    private void publishSnapshot(String id, long seed) throws Exception {
        publishSnapshot(id, seed, PlantedSnapshot.USERS, PlantedSnapshot.ITEMS);
    }

    private void publishSnapshot(String id, long seed, int users, int items) throws Exception {
        PlantedSnapshot.publishCurrent(store, artifacts, id, dir -> PlantedSnapshot.write(dir, seed, users, items));
    }

    /** An embedding set for products p0..p(n-1): 32-d vectors, four loose groups. */
    private void publishEmbeddings(int catalogue, long seed) throws Exception {
        String id = "emb-" + UUID.randomUUID().toString().substring(0, 8);
        store.publish("embeddings", id, Map.of(), dir -> {
            java.util.List<String> ids = new java.util.ArrayList<>();
            java.util.List<String> texts = new java.util.ArrayList<>();
            float[] vectors = new float[catalogue * 32];
            java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
            for (int i = 0; i < catalogue; i++) {
                ids.add("p" + i);
                texts.add("text-" + i);
                for (int f = 0; f < 32; f++) {
                    vectors[i * 32 + f] = (float) rng.nextGaussian() + (f == i % 4 ? 3f : 0f);
                }
            }
            EmbeddingSetWriter.write(dir, new EmbeddingSet(ids, texts, vectors, 32, Map.of("dimension", 32)));
        });
        Path dir = store.area("embeddings").resolve(id);
        artifacts.registerAndPoint(
                new ArtifactRecord(
                        ArtifactKind.EMBEDDING_SET,
                        id,
                        dir.toString(),
                        store.manifestDigest(dir),
                        Instant.now(),
                        UUID.randomUUID(),
                        Map.of(),
                        Map.of()),
                "current");
    }

    /** A fresh installation for every test: nothing trained, registered, requested or alerted yet. */
    @BeforeEach
    void freshInstallation() throws Exception {
        FreshInstallation.reset(dataSource, store.root());
    }

    /** A planted snapshot published as the current one; its id is {@code prefix} and a random suffix. */
    private String aCurrentSnapshot(String prefix, long seed) throws Exception {
        String id = prefix + UUID.randomUUID().toString().substring(0, 8);
        publishSnapshot(id, seed);
        return id;
    }

    /** Both models trained on the current snapshot by the first training run, which crowns the better one. */
    private ModelVersion aChampionTrainedOnTheCurrentSnapshot() throws Exception {
        trained(StageOptions.none());
        return models.champion().orElseThrow();
    }

    /** A training run that trained: the precondition a test builds on. */
    private void trained(StageOptions options) throws Exception {
        RunOutcome run = runner.run(stage, Trigger.CLI, options);
        assertThat(run.status()).as("precondition: " + run.message()).isEqualTo(RunStatus.SUCCEEDED);
    }

    /** An ALS model trained on the current snapshot and the current embedding set: the last run read both. */
    private void alsTrainedOnTheCurrentInputs() throws Exception {
        trained(new StageOptions(false, false, Map.of("model", "als")));
    }

    @Test
    void trainsBothModelsEvaluatesThemAgainstPopularityAndCrownsTheBest() throws Exception {
        aCurrentSnapshot("snap-a-", 11);
        RunOutcome outcome = runner.run(stage, Trigger.CLI, StageOptions.none());
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.message()).startsWith("new champion ");

        ModelVersion champion = models.champion().orElseThrow();
        List<ModelVersion> recent = models.recent(2);
        assertThat(recent)
                .extracting(ModelVersion::state)
                .containsExactlyInAnyOrder(ModelState.CHAMPION, ModelState.REJECTED);
        ModelVersion loser = recent.stream()
                .filter(v -> v.state() == ModelState.REJECTED)
                .findFirst()
                .orElseThrow();
        assertThat(loser.stateReason()).startsWith("lost to " + champion.id());
        assertThat(champion.metric("recall@10")).isGreaterThanOrEqualTo(loser.metric("recall@10"));
        double baseline = ((Number) champion.baselineMetrics().get("recall@10")).doubleValue();
        assertThat(champion.metric("recall@10")).isGreaterThan(baseline);

        // The artifact verifies and carries what serving and audits need.
        store.verify(Path.of(champion.artifactPath()));
        ModelContent files = ModelArtifact.read(Path.of(champion.artifactPath()));
        assertThat(files.userIds()).hasSize(PlantedSnapshot.USERS);
        assertThat(files.users().allFinite()).isTrue();
        // Serving skips what a user has seen and falls back to popularity: both come from the train matrix.
        TrainingData data =
                TrainingData.load(store.area("snapshots").resolve(champion.dataSnapshot()), champion.dataSnapshot());
        assertThat(files.seen().indptr()).isEqualTo(data.confidence().indptr());
        assertThat(files.seen().indices()).isEqualTo(data.confidence().indices());
        assertThat(files.itemPopularity()).isEqualTo(data.confidence().columnCounts());
        assertThat(files.card())
                .containsKeys("params", "seed", "metrics", "baseline_metrics", "provenance", "training");
        @SuppressWarnings("unchecked")
        Map<String, Object> provenance = (Map<String, Object>) files.card().get("provenance");
        assertThat(provenance)
                .containsEntry("data_snapshot", champion.dataSnapshot())
                .containsKeys("git_commit", "java_version", "recsys_version");

        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*), count(loss), count(validation_metric) FROM training_iterations WHERE run_id = ?")) {
            ps.setObject(1, outcome.runId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("iterations recorded").isGreaterThan(5);
                assertThat(rs.getInt(2)).as("every iteration has a loss").isEqualTo(rs.getInt(1));
                assertThat(rs.getInt(3)).as("validation recall recorded").isPositive();
            }
        }
        // checkpoints are removed once the model is published
        assertThat(store.area("checkpoints").toFile().list()).isNullOrEmpty();
    }

    @Test
    void theSameSnapshotIsNotTrainedTwiceUnlessForced() throws Exception {
        aCurrentSnapshot("snap-a-", 11);
        aChampionTrainedOnTheCurrentSnapshot();
        RunOutcome again = runner.run(stage, Trigger.CLI, StageOptions.none());
        assertThat(again.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(again.message()).contains("already trained");
    }

    @Test
    void aDriftVerdictAfterTheLastTrainingAsksForARetrain() throws Exception {
        String snapshot = aCurrentSnapshot("snap-a-", 11);
        aChampionTrainedOnTheCurrentSnapshot();
        try (Connection c = dataSource.getConnection()) {
            driftVerdicts.record(c, snapshot, true, "HIGH", Instant.now(), null);
        }
        RunOutcome retrain = runner.run(stage, Trigger.CLI, new StageOptions(false, false, Map.of("model", "als")));
        assertThat(retrain.status()).as(retrain.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ledger.find(retrain.runId())
                        .orElseThrow()
                        .inputVersions
                        .get("drift_verdict")
                        .toString())
                .startsWith("retrain (high");
        // That verdict is now older than the last training: the next run skips again.
        RunOutcome after = runner.run(stage, Trigger.CLI, StageOptions.none());
        assertThat(after.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(after.message()).contains("drift detection does not ask for retraining");
    }

    @Test
    void aRetrainThatIsNoBetterKeepsTheChampion() throws Exception {
        aCurrentSnapshot("snap-a-", 11);
        String before = aChampionTrainedOnTheCurrentSnapshot().id();
        // Same data, same seed: the new candidates tie with the champion, and a tie never promotes.
        RunOutcome forced = runner.run(stage, Trigger.CLI, new StageOptions(true, false, Map.of("model", "als")));
        assertThat(forced.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(models.champion().orElseThrow().id()).isEqualTo(before);
        ModelVersion latest = models.recent(1).get(0);
        assertThat(latest.state()).isEqualTo(ModelState.REJECTED);
        assertThat(latest.stateReason()).contains("does not beat the champion");
        // The champion scores on the same data what it was registered with: no degradation alarm.
        assertThat(forced.outputs()).doesNotContainKey("champion_degradation");
    }

    @Test
    void aWarmStartBeginsFromTheChampionsFactorsForTheIdsItKnows() throws Exception {
        aCurrentSnapshot("snap-a-", 11);
        ModelVersion champion = aChampionTrainedOnTheCurrentSnapshot();
        String type = champion.type().name().toLowerCase(Locale.ROOT);
        // New data: a snapshot with the same ids (a later week); the champion's rows seed the factors.
        aCurrentSnapshot("snap-b-", 12);
        RunOutcome warm = runner.run(
                stage, Trigger.CLI, new StageOptions(false, false, Map.of("model", type, "warm-start", "true")));
        assertThat(warm.status()).as(warm.message()).isEqualTo(RunStatus.SUCCEEDED);
        ModelVersion latest = models.recent(1).get(0);
        assertThat(latest.params()).containsEntry("warm_start_from", champion.id());
        // the seed's shorter warm-start schedule
        int expected = champion.type() == io.recsys.core.registry.ModelType.ALS ? 5 : 10;
        assertThat(((Number) latest.params().get("iterations")).intValue()).isEqualTo(expected);
    }

    @Test
    void coldItemsStartFromTheProductEmbeddingsWhenAnEmbeddingSetExists() throws Exception {
        // A catalogue with a long tail (600 products for 400 users), and an embedding set for it:
        // 32-d vectors, one per product id.
        int catalogue = 600;
        publishSnapshot("snap-c-" + UUID.randomUUID().toString().substring(0, 8), 13, PlantedSnapshot.USERS, catalogue);
        publishEmbeddings(catalogue, 5);

        RunOutcome run = runner.run(stage, Trigger.CLI, new StageOptions(false, false, Map.of("model", "als")));
        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.SUCCEEDED);
        ModelVersion latest = models.recent(1).get(0);
        // Products with fewer than five train interactions start from their embeddings.
        assertThat(((Number) latest.params().get("cold_items_initialised")).intValue())
                .isPositive();
    }

    @Test
    void aChampionThatScoresFarBelowItsRegisteredMetricOnNewDataRaisesACriticalAlert() throws Exception {
        aCurrentSnapshot("snap-a-", 11);
        ModelVersion champion = aChampionTrainedOnTheCurrentSnapshot();
        // The same users and items, but their tastes are gone: only popularity explains the new data.
        String id = "snap-p-" + UUID.randomUUID().toString().substring(0, 8);
        PlantedSnapshot.publishCurrent(
                store,
                artifacts,
                id,
                dir -> PlantedSnapshot.writePopularityWorld(dir, 21, PlantedSnapshot.USERS, PlantedSnapshot.ITEMS));
        RunOutcome run = runner.run(stage, Trigger.CLI, new StageOptions(false, false, Map.of("model", "als")));
        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(((Number) run.outputs().get("champion_degradation")).doubleValue())
                .isGreaterThan(0.1);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT severity, message FROM alert_log WHERE subject = ?")) {
            ps.setString(1, "Model degradation: " + champion.id());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a degradation alert was raised").isTrue();
                assertThat(rs.getString(1)).isEqualTo("CRITICAL");
                assertThat(rs.getString(2)).contains(champion.id()).contains(id).contains("below");
            }
        }
    }

    @Test
    void aNewEmbeddingSetIsNewInputForTraining() throws Exception {
        aCurrentSnapshot("snap-a-", 11);
        publishEmbeddings(PlantedSnapshot.ITEMS, 5); // last week's product embeddings
        alsTrainedOnTheCurrentInputs();
        RunOutcome again = runner.run(stage, Trigger.CLI, new StageOptions(false, false, Map.of("model", "als")));
        assertThat(again.status()).as(again.message()).isEqualTo(RunStatus.SKIPPED);

        publishEmbeddings(PlantedSnapshot.ITEMS, 9); // this week's product embeddings
        RunOutcome retrain = runner.run(stage, Trigger.CLI, new StageOptions(false, false, Map.of("model", "als")));
        assertThat(retrain.status()).as(retrain.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ledger.lastSuccess("training").orElseThrow().inputVersions.get("embedding_set"))
                .isEqualTo(artifacts
                        .resolve(ArtifactKind.EMBEDDING_SET, "current")
                        .orElseThrow()
                        .id());
    }

    @Test
    void aDryRunDecidesAsARealRunAndWritesNothing() throws Exception {
        aCurrentSnapshot("snap-a-", 11);
        aChampionTrainedOnTheCurrentSnapshot();
        // New data and an open retrain request: a real run would train; the dry run says so, and why.
        String snapshot = aCurrentSnapshot("snap-d-", 14);
        RetrainRequests.Request request = requests.request(
                        RetrainReason.EMBEDDINGS_AGE,
                        "emb-test",
                        "product embeddings last confirmed current 35 days ago",
                        "health-check",
                        UUID.randomUUID())
                .orElseThrow();
        String champion = models.champion().orElseThrow().id();
        WorldSnapshot before = WorldSnapshot.take(store.root());

        RunOutcome dry = runner.run(stage, Trigger.CLI, new StageOptions(false, true, Map.of()));
        assertThat(dry.status()).as(dry.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(dry.message())
                .startsWith("dry run: would train als and bpr on snapshot " + snapshot)
                .endsWith("nothing written");
        assertThat(dry.outputs().get("reasons"))
                .asList()
                .hasSize(2)
                .anySatisfy(r -> assertThat(r).asString().startsWith("new data snapshot " + snapshot))
                .anySatisfy(r ->
                        assertThat(r).asString().startsWith("retrain request #" + request.id() + " (embeddings_age"));
        assertThat(dry.outputs().get("retrain_requests_to_honour")).asList().containsExactly(request.id());
        assertThat(dry.outputs().get("promotion")).asString().contains("champion " + champion);
        assertThat(dry.outputs())
                .containsEntry("users", PlantedSnapshot.USERS)
                .containsEntry("items", PlantedSnapshot.ITEMS);

        RunOutcome forced = runner.run(
                stage,
                Trigger.CLI,
                new StageOptions(true, true, Map.of("model", "bpr", "no-promote", "true", "warm-start", "true")));
        assertThat(forced.status()).as(forced.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(forced.outputs().get("reasons")).asList().first().isEqualTo("--force");
        assertThat(forced.outputs())
                .containsEntry("would_train", List.of("bpr"))
                .containsEntry("promotion", "skipped (--no-promote)");

        assertThat(before.differences(WorldSnapshot.take(store.root()))).isEmpty();
        assertThat(models.champion().orElseThrow().id()).isEqualTo(champion);
        assertThat(requests.open()).extracting(RetrainRequests.Request::id).contains(request.id());

        // The real run does what the dry run said, and honours the request.
        RunOutcome real = runner.run(stage, Trigger.CLI, new StageOptions(false, false, Map.of("model", "als")));
        assertThat(real.status()).as(real.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(real.outputs().get("trained_because")).asList().hasSize(2);
        assertThat(requests.open()).extracting(RetrainRequests.Request::id).doesNotContain(request.id());
        // Nothing new any more: a dry run says the real one would skip.
        RunOutcome idle = runner.run(stage, Trigger.CLI, new StageOptions(false, true, Map.of("model", "als")));
        assertThat(idle.status()).as(idle.message()).isEqualTo(RunStatus.SKIPPED);
        assertThat(idle.message())
                .startsWith("dry run: would skip: models were already trained on snapshot " + snapshot);
    }

    @Test
    void anOpenRetrainRequestMakesTrainingRetrainOnceAndSayWhy() throws Exception {
        String snapshot = aCurrentSnapshot("snap-a-", 11);
        aChampionTrainedOnTheCurrentSnapshot();
        UUID healthRun = UUID.randomUUID();
        RetrainRequests.Request request = requests.request(
                        RetrainReason.DATA_AGE,
                        snapshot,
                        "training data last confirmed current 40 days ago (retrain after 30)",
                        "health-check",
                        healthRun)
                .orElseThrow();

        RunOutcome retrain = runner.run(stage, Trigger.CLI, new StageOptions(false, false, Map.of("model", "als")));
        assertThat(retrain.status()).as(retrain.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(retrain.message())
                .contains("trained because retrain request #" + request.id()
                        + " (data_age: training data last confirmed current 40 days ago");
        Object honoured =
                ledger.find(retrain.runId()).orElseThrow().inputVersions.get("retrain_requests");
        assertThat(honoured).asList().singleElement().satisfies(r -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) r;
            assertThat(m)
                    .containsEntry("reason", "data_age")
                    .containsEntry("subject", snapshot)
                    .containsEntry("requested_by", "health-check run " + healthRun);
        });
        assertThat(requests.open()).isEmpty();

        RunOutcome next = runner.run(stage, Trigger.CLI, new StageOptions(false, false, Map.of("model", "als")));
        assertThat(next.status()).as(next.message()).isEqualTo(RunStatus.SKIPPED);
    }

    @Test
    void theSameEmbeddingsUnderANewSetIdAreNotNewInput() throws Exception {
        aCurrentSnapshot("snap-a-", 11);
        publishEmbeddings(PlantedSnapshot.ITEMS, 9);
        alsTrainedOnTheCurrentInputs();
        String trainedOn = (String)
                ledger.lastSuccess("training").orElseThrow().inputVersions.get("embedding_set_sha256");
        publishEmbeddings(PlantedSnapshot.ITEMS, 9); // the vectors it trained on again, republished under a new id
        String newId = artifacts
                .resolve(ArtifactKind.EMBEDDING_SET, "current")
                .orElseThrow()
                .id();
        RunOutcome same = runner.run(stage, Trigger.CLI, new StageOptions(false, false, Map.of("model", "als")));
        assertThat(same.status()).as(same.message()).isEqualTo(RunStatus.SKIPPED);
        assertThat(ledger.find(same.runId()).orElseThrow().inputVersions)
                .containsEntry("embedding_set", newId)
                .containsEntry("embedding_set_sha256", trainedOn);

        publishEmbeddings(PlantedSnapshot.ITEMS, 10); // different vectors
        RunOutcome changed = runner.run(stage, Trigger.CLI, new StageOptions(false, false, Map.of("model", "als")));
        assertThat(changed.status()).as(changed.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(changed.message()).contains("new product embeddings");
    }
}
