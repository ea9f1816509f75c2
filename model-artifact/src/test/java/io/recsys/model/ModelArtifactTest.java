package io.recsys.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.math.CsrMatrix;
import io.recsys.math.Factors;
import io.recsys.math.Npy;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {
    @TempDir
    Path dir;

    static ModelContent sample() {
        Factors users = new Factors(2, 3, new float[] {1, 0, 0, 0, 1, 0});
        Factors items = new Factors(3, 3, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        CsrMatrix seen = CsrMatrix.fromTriples(2, 3, new int[] {0, 1}, new int[] {2, 0}, new float[] {1, 1});
        return new ModelContent(
                users,
                items,
                List.of("u1", "u2"),
                List.of("p1", "p2", "p3"),
                List.of("u9"),
                seen,
                new int[] {5, 0, 2},
                Map.of("model_id", "als-1", "model_type", "ALS"));
    }

    @Test
    void whatIsWrittenReadsBackIdentically() throws IOException {
        ModelArtifact.write(dir, sample());
        ModelContent back = ModelArtifact.read(dir);
        assertThat(back.users()).isEqualTo(sample().users());
        assertThat(back.items()).isEqualTo(sample().items());
        assertThat(back.userIds()).containsExactly("u1", "u2");
        assertThat(back.itemIds()).containsExactly("p1", "p2", "p3");
        assertThat(back.coldStartUsers()).containsExactly("u9");
        assertThat(back.seen()).isEqualTo(sample().seen());
        assertThat(back.itemPopularity()).containsExactly(5, 0, 2);
        assertThat(back.modelId()).isEqualTo("als-1");
        assertThat(back.tasteColumns()).isEqualTo(3);
    }

    /** A model written by the format's first version (fixtures/model-v1, from {@link #sample()}) must keep loading. */
    @Test
    void aModelWrittenByTheFirstVersionStillLoads() throws Exception {
        Path fixture = Path.of(getClass().getResource("/fixtures/model-v1").toURI());
        ModelContent back = ModelArtifact.read(fixture);
        assertThat(back.users()).isEqualTo(sample().users());
        assertThat(back.items()).isEqualTo(sample().items());
        assertThat(back.userIds()).containsExactly("u1", "u2");
        assertThat(back.coldStartUsers()).containsExactly("u9");
        assertThat(back.seen()).isEqualTo(sample().seen());
        assertThat(back.itemPopularity()).containsExactly(5, 0, 2);
        assertThat(back.card()).isEqualTo(sample().card());
        assertThat(ModelArtifact.readMappings(fixture).itemIds()).containsExactly("p1", "p2", "p3");
    }

    @Test
    void aNonFiniteFactorIsRefusedNamingFileRowAndColumn() throws IOException {
        ModelArtifact.write(dir, sample());
        float[] items = sample().items().data().clone();
        items[5] = Float.NaN;
        Npy.writeMatrix(dir.resolve(ModelArtifact.ITEM_FACTORS), items, 3, 3);
        assertThatThrownBy(() -> ModelArtifact.read(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("item_factors.npy")
                .hasMessageContaining("non-finite value NaN at row 1, column 2");
    }

    @Test
    void aTableWhoseWidthDiffersFromTheOtherIsRefused() throws IOException {
        ModelArtifact.write(dir, sample());
        Npy.writeMatrix(dir.resolve(ModelArtifact.ITEM_FACTORS), new float[6], 3, 2);
        assertThatThrownBy(() -> ModelArtifact.read(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("item_factors.npy: has 2 columns but user_factors.npy has 3");
    }

    @Test
    void rowsThatDoNotMatchTheMappingsAreRefused() throws IOException {
        ModelArtifact.write(dir, sample());
        Npy.writeMatrix(dir.resolve(ModelArtifact.USER_FACTORS), new float[9], 3, 3);
        assertThatThrownBy(() -> ModelArtifact.read(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("user_factors.npy: has 3 rows but mappings.json names 2 ids");
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        ModelArtifact.write(dir, sample());
        Path file = dir.resolve(ModelArtifact.ITEM_FACTORS);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(file) - 8);
        }
        assertThatThrownBy(() -> ModelArtifact.read(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("item_factors.npy: unreadable .npy");
    }

    @Test
    void missingFilesAndBrokenSeenMatricesAreRefused() throws IOException {
        ModelArtifact.write(dir, sample());
        Npy.write(dir.resolve(ModelArtifact.SEEN_INDICES), new int[] {2, 7});
        assertThatThrownBy(() -> ModelArtifact.read(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("seen_indices.npy: not a 2 × 3 matrix of seen items");
        Files.delete(dir.resolve(ModelArtifact.POPULARITY));
        ModelArtifact.write(dir, sample());
        Files.delete(dir.resolve(ModelArtifact.POPULARITY));
        assertThatThrownBy(() -> ModelArtifact.read(dir)).hasMessageContaining("item_popularity.npy: missing");
    }

    @Test
    void rowsOfMapsIdsAndMarksUnknownOnes() {
        assertThat(ModelArtifact.rowsOf(List.of("b", "x", "a"), List.of("a", "b")))
                .containsExactly(1, -1, 0);
    }
}
