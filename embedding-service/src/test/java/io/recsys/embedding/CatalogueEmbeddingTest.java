package io.recsys.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.artifact.embedding.EmbeddingSet;
import io.recsys.artifact.embedding.EmbeddingSetReader;
import io.recsys.artifact.embedding.EmbeddingSetWriter;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.ExitCode;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.core.testing.WorldSnapshot;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The stage on a catalogue in the seed's shape (product_id, product_name, processed_description,
 * feature): bad rows kept with their reason, only changed texts encoded again, dry run, --full,
 * a missing file.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class CatalogueEmbeddingTest {
    private static final String HEADER = "product_id,product_name,brand,processed_description,feature\n";
    private static final String GOOD = """
            p1,Kem chống nắng SPF50,Anessa,chống nắng cho da dầu,"kem, spf50"
            p2,Sữa rửa mặt tạo bọt,Cerave,làm sạch dịu nhẹ,sữa rửa mặt
            p3,Son môi lì,3CE,màu đỏ cam,son
            p4,Serum vitamin C,Klairs,làm sáng da,serum
            p5,Dầu gội thảo dược,Thorakao,,dầu gội
            p6,Nước tẩy trang,Bioderma,tẩy trang cho da nhạy cảm,
            """;
    private static final String BAD = """
            ,Mặt nạ giấy,Innisfree,dưỡng ẩm,mặt nạ
            p2,Sữa rửa mặt khác,Cerave,trùng mã,sữa rửa mặt
            p9,,Unknown,,
            """;
    /** GOOD with p3's text changed and a new p7. */
    private static final String CHANGED = GOOD.replace("Son môi lì,3CE,màu đỏ cam", "Son dưỡng môi,3CE,không màu")
            + "p7,Kem dưỡng ẩm ban đêm,Laneige,cấp ẩm,kem dưỡng\n";

    @Inject
    StageRunner runner;

    @Inject
    EmbeddingStage stage;

    @Inject
    ArtifactRegistry artifacts;

    @Inject
    ArtifactStore store;

    @Inject
    DataSource dataSource;

    private Path catalogue() {
        return store.root().resolve("raw").resolve("data_product.csv");
    }

    private void writeCatalogue(String rows) throws Exception {
        Files.createDirectories(catalogue().getParent());
        Files.writeString(catalogue(), HEADER + rows);
    }

    private RunOutcome run(boolean force, boolean dryRun, Map<String, String> options) throws Exception {
        return runner.run(stage, Trigger.CLI, new StageOptions(force, dryRun, options));
    }

    /**
     * Each test's starting point: the current set is the one of these rows (encoded now, or
     * skipped because it already is), whatever the tests before it left.
     */
    private ArtifactRecord encoded(String rows) throws Exception {
        writeCatalogue(rows);
        RunOutcome outcome = run(false, false, Map.of());
        assertThat(outcome.status()).as(outcome.message()).isIn(RunStatus.SUCCEEDED, RunStatus.SKIPPED);
        return artifacts.resolve(EmbeddingStage.KIND, "current").orElseThrow();
    }

    private List<String> ids(ArtifactRecord set) throws Exception {
        return EmbeddingSetReader.readTexts(Path.of(set.path())).itemIds();
    }

    private static float[] row(ArtifactRecord set, List<String> ids, String id) throws Exception {
        EmbeddingSet read = EmbeddingSetReader.read(Path.of(set.path()));
        assertThat(read.itemIds()).isEqualTo(ids);
        return read.vector(ids.indexOf(id));
    }

    @Test
    void badRowsAreRejectedWithFileLineAndReasonAndTheRestIsEncoded() throws Exception {
        writeCatalogue(GOOD + BAD);
        String rawBefore = ArtifactStore.sha256(catalogue());
        // --full: every kept row encoded here, whether or not another test encoded GOOD before.
        RunOutcome outcome = run(true, false, Map.of("full", ""));
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.outputs())
                .containsEntry("products", 6)
                .containsEntry("encoded", 6)
                .containsEntry("rejected", 3)
                .containsEntry("dimension", 384);

        ArtifactRecord set = artifacts.resolve(EmbeddingStage.KIND, "current").orElseThrow();
        assertThat(ids(set)).containsExactly("p1", "p2", "p3", "p4", "p5", "p6");
        store.verify(Path.of(set.path()));
        List<String> rejected = Files.readAllLines(EmbeddingSetWriter.rejectedRowsFile(Path.of(set.path())));
        assertThat(rejected).hasSize(4);
        assertThat(rejected.get(1)).contains("data_product.csv").contains(",8,").contains("missing product id");
        assertThat(rejected.get(2)).contains(",9,").contains("repeated").contains("p2");
        assertThat(rejected.get(3)).contains(",10,").contains("no text").contains("p9");
        // The first p2 is the one kept: its vector is the one of its own text, not the duplicate's.
        Map<String, Object> card = EmbeddingSetReader.read(Path.of(set.path())).card();
        assertThat(card)
                .containsEntry("model", "sentence-transformers/all-MiniLM-L6-v2")
                .containsEntry("normalized", true);
        assertThat(ArtifactStore.sha256(catalogue()))
                .as("the raw file is never modified")
                .isEqualTo(rawBefore);
    }

    @Test
    void onlyChangedAndNewProductsAreEncodedAgain() throws Exception {
        ArtifactRecord before = encoded(GOOD);
        List<String> beforeIds = ids(before);
        writeCatalogue(CHANGED);
        RunOutcome outcome = run(false, false, Map.of());
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.outputs())
                .containsEntry("products", 7)
                .containsEntry("encoded", 2)
                .containsEntry("reused", 5)
                .containsEntry("rejected", 0);

        ArtifactRecord after = artifacts.resolve(EmbeddingStage.KIND, "current").orElseThrow();
        assertThat(after.id()).isNotEqualTo(before.id());
        List<String> afterIds = ids(after);
        assertThat(row(after, afterIds, "p1")).containsExactly(row(before, beforeIds, "p1"));
        assertThat(row(after, afterIds, "p3")).isNotEqualTo(row(before, beforeIds, "p3"));
        assertThat(afterIds).contains("p7");
    }

    @Test
    void anUnchangedCatalogueIsSkippedAndFullEncodesEverything() throws Exception {
        encoded(CHANGED);
        RunOutcome skipped = run(false, false, Map.of());
        assertThat(skipped.status()).as(skipped.message()).isEqualTo(RunStatus.SKIPPED);

        RunOutcome full = run(true, false, Map.of("full", ""));
        assertThat(full.status()).as(full.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(full.outputs()).containsEntry("encoded", 7).containsEntry("reused", 0);
    }

    @Test
    void anOldSetOfAnUnchangedCatalogueIsNotRebuiltWhateverItsAge() throws Exception {
        // A catalogue no other test writes: the current set is built from this very file.
        ArtifactRecord current = encoded(GOOD + "p10,Kem nền,Maybelline,che phủ tốt,kem nền\n");
        long sets = setCount();
        // The weekly run finds its own set a week old (or a month: the CronJob stopped for a while).
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE artifacts SET created_at = now() - interval '40 days' WHERE kind = ? AND id = ?")) {
            ps.setString(1, EmbeddingStage.KIND.id());
            ps.setString(2, current.id());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        RunOutcome old = run(false, false, Map.of());
        assertThat(old.status()).as(old.message()).isEqualTo(RunStatus.SKIPPED);
        assertThat(old.message()).contains("unchanged");

        // A column the texts do not use changes (a brand): the file differs, the vectors would not.
        writeCatalogue(Files.readString(catalogue()).substring(HEADER.length()).replace(",Anessa,", ",Anessa Japan,"));
        RunOutcome otherColumn = run(false, false, Map.of());
        assertThat(otherColumn.status()).as(otherColumn.message()).isEqualTo(RunStatus.SKIPPED);
        assertThat(otherColumn.message()).contains("no product id or text did");

        assertThat(artifacts
                        .resolve(EmbeddingStage.KIND, "current")
                        .orElseThrow()
                        .id())
                .isEqualTo(current.id());
        assertThat(setCount()).isEqualTo(sets);
    }

    private long setCount() throws Exception {
        try (var s = Files.list(store.area(EmbeddingStage.AREA))) {
            return s.count();
        }
    }

    @Test
    void aDryRunSaysWhatItWouldEncodeAndWritesNothing() throws Exception {
        ArtifactRecord before = encoded(CHANGED);
        long sets;
        try (var s = Files.list(store.area(EmbeddingStage.AREA))) {
            sets = s.count();
        }
        writeCatalogue(GOOD + "p8,Phấn phủ kiềm dầu,Innisfree,,phấn\n");
        // A home where the model is not unpacked yet (a fresh volume, or after an upgrade) and an older
        // version's copy lies around: a dry run unpacks nothing and removes nothing.
        Path models = store.root().resolve("cache").resolve("models");
        try (var dirs = Files.list(models)) {
            for (Path d : dirs.toList()) {
                try (var files = Files.list(d)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(d);
            }
        }
        Path oldVersion = Files.createDirectories(models.resolve("all-minilm-l6-v2-0.0.1"));
        Files.writeString(oldVersion.resolve("model.onnx"), "weights of an older release");
        WorldSnapshot world = WorldSnapshot.take(store.root());
        RunOutcome outcome = run(false, true, Map.of());
        assertThat(world.differences(WorldSnapshot.take(store.root()))).isEmpty();
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.message()).startsWith("dry run");
        assertThat(outcome.outputs()).containsEntry("to_encode", 2); // p3 back to its old text, p8 new
        assertThat(artifacts
                        .resolve(EmbeddingStage.KIND, "current")
                        .orElseThrow()
                        .id())
                .isEqualTo(before.id());
        try (var s = Files.list(store.area(EmbeddingStage.AREA))) {
            assertThat(s.count()).isEqualTo(sets);
        }

        // The real run unpacks the bundled model and drops the older release's copy.
        RunOutcome real = run(false, false, Map.of());
        assertThat(real.status()).as(real.message()).isEqualTo(RunStatus.SUCCEEDED);
        try (var dirs = Files.list(models)) {
            assertThat(dirs.map(d -> d.getFileName().toString()).toList())
                    .singleElement()
                    .satisfies(name ->
                            assertThat(name).startsWith("all-minilm-l6-v2-").isNotEqualTo("all-minilm-l6-v2-0.0.1"));
        }
    }

    @Test
    void aMissingCatalogueFailsNamingTheFile() throws Exception {
        Files.deleteIfExists(catalogue());
        RunOutcome outcome = run(false, false, Map.of());
        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BUSINESS_FAILURE);
        assertThat(outcome.message())
                .contains(catalogue().toAbsolutePath().toString())
                .contains("embedding.products.file");
    }
}
