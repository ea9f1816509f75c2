package io.recsys.artifact.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.artifact.ArtifactFormatException;
import io.recsys.math.Npy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFormatTest {
    @TempDir
    Path dir;

    @Test
    void whatIsWrittenReadsBackIdentically() throws IOException {
        SnapshotWriter.write(dir, SampleSnapshot.content());
        assertSameAsSample(SnapshotReader.open(dir).readAll());
    }

    /** A snapshot written by the format's first version must keep loading: old snapshots stay on the volume. */
    @Test
    void aSnapshotWrittenByTheFirstVersionStillLoads() throws Exception {
        Path fixture = fixture("snapshot-v1");
        SnapshotReader reader = SnapshotReader.open(fixture);
        assertSameAsSample(reader.readAll());
        assertThat(reader.mappings().trainableUsers()).containsExactly("u1", "u2");
        assertThat(reader.statsFile()).isRegularFile();
    }

    /** Events from serving: implicit rows (no rating) beside rated ones, their kinds kept per row. */
    @Test
    void rowsOfEveryKindReadBackWithTheirKindAndImplicitRowsHaveNoRating() throws IOException {
        SnapshotContent s = SampleSnapshot.content();
        SnapshotInteractions rows = s.interactions();
        float[] rating = rows.rating().clone();
        rating[5] = Float.NaN;
        rating[6] = Float.NaN;
        int[] kind = {
            InteractionKind.REVIEW.code(),
            InteractionKind.RATING.code(),
            InteractionKind.PURCHASE.code(),
            InteractionKind.REVIEW.code(),
            InteractionKind.ADD_TO_CART.code(),
            InteractionKind.VIEW.code(),
            InteractionKind.CLICK.code()
        };
        SnapshotInteractions mixed = new SnapshotInteractions(
                rows.userIds(),
                rows.itemIds(),
                rows.user(),
                rows.item(),
                rating,
                rows.timestamp(),
                rows.commentQuality(),
                kind);
        SnapshotWriter.write(
                dir,
                new SnapshotContent(
                        mixed,
                        s.trainableUserIndex(),
                        s.coldStartUsers(),
                        s.train(),
                        s.heldOut(),
                        s.itemPopularity(),
                        s.stats(),
                        s.metadata()));
        SnapshotInteractions back = SnapshotReader.open(dir).interactions();
        assertThat(back.kind()).isEqualTo(kind);
        assertThat(back.rating()).isEqualTo(rating);
        assertThat(back.rated(4)).isFalse();
        assertThat(back.rated(2)).isTrue();
        assertThat(Npy.read(dir.resolve("interactions/confidence.npy")).floats())
                .as("derived for numpy users: rated rows only")
                .startsWith(5.5f, 4f, 2.25f, 6f)
                .satisfies(c -> assertThat(Float.isNaN(c[5])).isTrue());
        Npy.write(dir.resolve("interactions/kind.npy"), new int[] {0, 0, 0, 0, 0, 0, 17});
        assertThatThrownBy(() -> SnapshotReader.open(dir).interactions())
                .isInstanceOf(ArtifactFormatException.class)
                .hasMessageContaining("interactions/kind.npy")
                .hasMessageContaining("row 6: kind 17");
    }

    @Test
    void anIndexOutsideTheMappingsIsRefusedNamingFileAndRow() throws IOException {
        SnapshotWriter.write(dir, SampleSnapshot.content());
        Npy.write(dir.resolve("interactions/item.npy"), new int[] {0, 1, 1, 2, 9, 0, 0});
        assertThatThrownBy(() -> SnapshotReader.open(dir).interactions())
                .isInstanceOf(ArtifactFormatException.class)
                .hasMessageContaining("interactions/item.npy")
                .hasMessageContaining("row 4")
                .hasMessageContaining("item index 9");
    }

    @Test
    void aColumnOfTheWrongLengthOrTypeIsRefusedNamingTheFile() throws IOException {
        SnapshotWriter.write(dir, SampleSnapshot.content());
        Npy.write(dir.resolve("test/is_positive.npy"), new int[] {1});
        assertThatThrownBy(() -> SnapshotReader.open(dir).heldOut())
                .hasMessageContaining("test/is_positive.npy")
                .hasMessageContaining("has 1 entries, expected 2");
        Npy.write(dir.resolve("interactions/rating.npy"), new long[7]);
        assertThatThrownBy(() -> SnapshotReader.open(dir).interactions())
                .hasMessageContaining("interactions/rating.npy")
                .hasMessageContaining("INT64, expected FLOAT32");
    }

    @Test
    void aTrainMatrixThatDoesNotFitTheMappingsIsRefused() throws IOException {
        SnapshotWriter.write(dir, SampleSnapshot.content());
        Npy.write(dir.resolve("train/binary_indptr.npy"), new int[] {0, 3});
        assertThatThrownBy(() -> SnapshotReader.open(dir).train())
                .isInstanceOf(ArtifactFormatException.class)
                .hasMessageContaining("train/binary_indptr.npy")
                .hasMessageContaining("2 × 4 binary matrix");
    }

    @Test
    void missingMappingsFieldsAndDirectoriesAreNamed() throws IOException {
        assertThatThrownBy(() -> SnapshotReader.open(dir.resolve("nope"))).hasMessageContaining("nope");
        SnapshotWriter.write(dir, SampleSnapshot.content());
        Files.writeString(dir.resolve("mappings.json"), "{\"user_ids\": [\"u1\"], \"item_ids\": [\"p1\", 3]}");
        assertThatThrownBy(() -> SnapshotReader.open(dir).mappings())
                .hasMessageContaining("mappings.json")
                .hasMessageContaining("item_ids, entry 1 is not a string");
    }

    private static void assertSameAsSample(SnapshotContent back) {
        SnapshotContent s = SampleSnapshot.content();
        assertThat(back.interactions().userIds()).isEqualTo(s.interactions().userIds());
        assertThat(back.interactions().itemIds()).isEqualTo(s.interactions().itemIds());
        assertThat(back.interactions().user()).isEqualTo(s.interactions().user());
        assertThat(back.interactions().item()).isEqualTo(s.interactions().item());
        assertThat(back.interactions().rating()).isEqualTo(s.interactions().rating());
        assertThat(back.interactions().timestamp()).isEqualTo(s.interactions().timestamp());
        assertThat(back.interactions().commentQuality())
                .isEqualTo(s.interactions().commentQuality());
        assertThat(back.interactions().kind()).as("v1 rows are reviews").containsOnly(0);
        assertThat(back.trainableUserIndex()).isEqualTo(s.trainableUserIndex());
        assertThat(back.coldStartUsers()).isEqualTo(s.coldStartUsers());
        assertThat(back.train()).isEqualTo(s.train());
        assertThat(back.heldOut().item()).isEqualTo(s.heldOut().item());
        assertThat(back.heldOut().rating()).isEqualTo(s.heldOut().rating());
        assertThat(back.heldOut().timestamp()).isEqualTo(s.heldOut().timestamp());
        assertThat(back.heldOut().isPositive()).isEqualTo(s.heldOut().isPositive());
        assertThat(back.itemPopularity()).isEqualTo(s.itemPopularity());
        assertThat(back.stats()).containsEntry("n_interactions", 7);
        assertThat(back.metadata())
                .containsEntry("mode", "full")
                .containsEntry("input_versions", Map.of("raw", "sha256:abc"));
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(SnapshotFormatTest.class.getResource("/fixtures/" + name).toURI());
    }
}
