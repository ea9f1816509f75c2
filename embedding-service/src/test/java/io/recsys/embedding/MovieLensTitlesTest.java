package io.recsys.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.recsys.artifact.embedding.EmbeddingSet;
import io.recsys.artifact.embedding.EmbeddingSetReader;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.EmbeddedPostgresResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The real sentence transformer on a real catalogue: MovieLens 100K's 1,682 titles (pipe-separated,
 * Latin-1, no header), read from ../shared/datasets through configuration only.
 */
@QuarkusTest
@TestProfile(MovieLensTitlesTest.MovieLensCatalogue.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class MovieLensTitlesTest {
    static final Path U_ITEM =
            Path.of("../../shared/datasets/ml-100k/u.item").toAbsolutePath().normalize();

    public static class MovieLensCatalogue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "embedding.products.file",
                    U_ITEM.toString(),
                    "embedding.products.delimiter",
                    "|",
                    "embedding.products.quote",
                    "none",
                    "embedding.products.header",
                    "false",
                    "embedding.products.encoding",
                    "ISO-8859-1",
                    "embedding.products.id-column",
                    "0",
                    "embedding.products.text-columns",
                    "1",
                    "recsys.home",
                    "target/test-home-movielens");
        }
    }

    @Inject
    StageRunner runner;

    @Inject
    EmbeddingStage stage;

    @Inject
    ArtifactRegistry artifacts;

    /** The first run over the catalogue: encoding 1,682 titles is the slow part, so done once and shared. */
    private static RunOutcome firstRun;

    private static String rawBefore;

    private RunOutcome firstRun() throws Exception {
        if (firstRun == null) {
            rawBefore = io.recsys.core.artifact.ArtifactStore.sha256(U_ITEM);
            firstRun = runner.run(stage, Trigger.CLI, StageOptions.none());
        }
        return firstRun;
    }

    @Test
    void everyTitleGetsAUnitVectorAndSequelsAreEachOthersNeighbours() throws Exception {
        RunOutcome outcome = firstRun();
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.outputs())
                .containsEntry("products", 1682)
                .containsEntry("encoded", 1682)
                .containsEntry("dimension", 384)
                .containsEntry("rejected", 0);

        ArtifactRecord set = artifacts.resolve(EmbeddingStage.KIND, "current").orElseThrow();
        Path dir = Path.of(set.path());
        EmbeddingSet vectors = EmbeddingSetReader.read(dir);
        List<String> ids = vectors.itemIds();
        assertThat(vectors.size()).isEqualTo(1682);
        assertThat(vectors.dimension()).isEqualTo(384);
        float[] v = vectors.vectors();
        for (int r = 0; r < ids.size(); r++) {
            double norm = 0;
            for (int f = 0; f < 384; f++) {
                norm += v[r * 384 + f] * v[r * 384 + f];
            }
            assertThat(Math.sqrt(norm))
                    .as("norm of %s", ids.get(r))
                    .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }

        Map<String, String> titles = titles();
        Map<String, Integer> row = new HashMap<>();
        for (int r = 0; r < ids.size(); r++) {
            row.put(ids.get(r), r);
        }
        // A film's nearest titles (cosine) include its sequels; genre flags are not encoded, only titles.
        assertThat(nearestTitles("226", 3, ids, row, v, titles)).anyMatch(t -> t.startsWith("Die Hard"));
        assertThat(nearestTitles("35", 3, ids, row, v, titles)).anyMatch(t -> t.startsWith("Free Willy"));
        assertThat(nearestTitles("380", 3, ids, row, v, titles)).allMatch(t -> t.startsWith("Star Trek"));
        assertThat(io.recsys.core.artifact.ArtifactStore.sha256(U_ITEM))
                .as("the raw file is never modified")
                .isEqualTo(rawBefore);
    }

    @Test
    void aSecondRunOnTheSameCatalogueAndModelIsSkipped() throws Exception {
        assertThat(firstRun().status()).as(firstRun().message()).isEqualTo(RunStatus.SUCCEEDED);
        RunOutcome outcome = runner.run(stage, Trigger.CLI, StageOptions.none());
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SKIPPED);
        assertThat(outcome.message()).contains("is current").contains("unchanged");
    }

    private static List<String> nearestTitles(
            String id, int n, List<String> ids, Map<String, Integer> row, float[] v, Map<String, String> titles) {
        int q = row.get(id);
        return IntStream.range(0, ids.size())
                .filter(r -> r != q)
                .boxed()
                .sorted(Comparator.comparingDouble(r -> -dot(v, q, r)))
                .limit(n)
                .map(r -> titles.get(ids.get(r)))
                .toList();
    }

    private static double dot(float[] v, int a, int b) {
        double s = 0;
        for (int f = 0; f < 384; f++) {
            s += v[a * 384 + f] * v[b * 384 + f];
        }
        return s;
    }

    private static Map<String, String> titles() throws Exception {
        Map<String, String> m = new HashMap<>();
        for (String line : Files.readAllLines(U_ITEM, StandardCharsets.ISO_8859_1)) {
            String[] f = line.split("\\|");
            m.put(f[0], f[1]);
        }
        return m;
    }
}
