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
