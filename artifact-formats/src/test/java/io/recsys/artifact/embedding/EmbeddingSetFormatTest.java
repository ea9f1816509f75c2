package io.recsys.artifact.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.artifact.ArtifactFormatException;
import io.recsys.math.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingSetFormatTest {
    @TempDir
    Path dir;

    @Test
    void whatIsWrittenReadsBackIdentically() throws IOException {
        EmbeddingSetWriter.write(dir, SampleEmbeddingSet.set());
        assertSameAsSample(EmbeddingSetReader.read(dir));
        assertThat(EmbeddingSetReader.readTexts(dir).textSha256()).containsExactly("aa", "bb", "cc");
    }

    @Test
    void aSetWrittenByTheFirstVersionStillLoads() throws Exception {
        Path fixture =
                Path.of(getClass().getResource("/fixtures/embedding-set-v1").toURI());
        assertSameAsSample(EmbeddingSetReader.read(fixture));
    }

    @Test
    void vectorsThatDoNotMatchTheIdsAreRefusedNamingTheFile() throws IOException {
        EmbeddingSetWriter.write(dir, SampleEmbeddingSet.set());
        Npy.writeMatrix(dir.resolve("embeddings.npy"), new float[] {1, 0, 0, 1}, 2, 2);
        assertThatThrownBy(() -> EmbeddingSetReader.read(dir))
                .isInstanceOf(ArtifactFormatException.class)
                .hasMessageContaining("embeddings.npy")
                .hasMessageContaining("2 rows for the 3 ids");
    }

    @Test
    void repeatedIdsAndShortHashListsAreRefused() throws IOException {
        EmbeddingSetWriter.write(dir, SampleEmbeddingSet.set());
        Files.writeString(dir.resolve("text_sha256.json"), "[\"aa\"]");
        assertThatThrownBy(() -> EmbeddingSetReader.readTexts(dir))
                .hasMessageContaining("text_sha256.json")
                .hasMessageContaining("1 entries for the 3 ids");
        Files.writeString(dir.resolve("item_ids.json"), "[\"p1\", \"p1\", \"p3\"]");
        assertThatThrownBy(() -> EmbeddingSetReader.readTexts(dir))
                .hasMessageContaining("item_ids.json")
                .hasMessageContaining("entry 1 is a repeated id p1");
    }

    private static void assertSameAsSample(EmbeddingSet back) {
        EmbeddingSet s = SampleEmbeddingSet.set();
        assertThat(back.itemIds()).isEqualTo(s.itemIds());
        assertThat(back.textSha256()).isEqualTo(s.textSha256());
        assertThat(back.dimension()).isEqualTo(2);
        assertThat(back.vectors()).isEqualTo(s.vectors());
        assertThat(back.vector(1)).containsExactly(0.6f, 0.8f);
        assertThat(back.card()).containsEntry("pooling", "mean").containsEntry("dimension", 2);
    }
}
