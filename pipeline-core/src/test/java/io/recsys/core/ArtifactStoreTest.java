package io.recsys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.ArtifactVerificationException;
import io.recsys.core.artifact.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {
    @TempDir
    Path home;

    @Test
    void publishWritesManifestWithSizesAndHashesAndVerifies() throws IOException {
        ArtifactStore store = new ArtifactStore(home);
        Manifest m = store.publish("snapshots", "v1", Map.of("source", "test"), dir -> {
            Files.writeString(dir.resolve("a.txt"), "hello");
            Files.createDirectories(dir.resolve("sub"));
            Files.writeString(dir.resolve("sub/b.txt"), "world!");
        });
        assertThat(m.files()).extracting(Manifest.Entry::path).containsExactly("a.txt", "sub/b.txt");
        assertThat(m.files()).extracting(Manifest.Entry::size).containsExactly(5L, 6L);
        assertThat(m.files().get(0).sha256())
                .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        Manifest verified = store.verify(home.resolve("snapshots/v1"));
        assertThat(verified.provenance()).containsEntry("source", "test");
    }

    @Test
    void verifyNamesTheAlteredFile() throws IOException {
        ArtifactStore store = new ArtifactStore(home);
        store.publish("snapshots", "v1", Map.of(), dir -> Files.writeString(dir.resolve("x.npy"), "12345"));
        Files.writeString(home.resolve("snapshots/v1/x.npy"), "12346", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> store.verify(home.resolve("snapshots/v1")))
                .isInstanceOf(ArtifactVerificationException.class)
                .hasMessageContaining("x.npy")
                .hasMessageContaining("SHA-256");
        Files.writeString(home.resolve("snapshots/v1/x.npy"), "1234");
        assertThatThrownBy(() -> store.verify(home.resolve("snapshots/v1")))
                .hasMessageContaining("has 4 bytes, manifest says 5");
    }

    @Test
    void failedWriterLeavesNothingVisible() throws IOException {
        ArtifactStore store = new ArtifactStore(home);
        assertThatThrownBy(() -> store.publish("snapshots", "v2", Map.of(), dir -> {
                    Files.writeString(dir.resolve("half.npy"), "partial");
                    throw new IOException("disk full");
                }))
                .hasMessage("disk full");
        try (Stream<Path> s = Files.list(home.resolve("snapshots"))) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void leftoverTemporaryDirectoryFromACrashIsRemovedAndNeverPublished() throws IOException {
        ArtifactStore store = new ArtifactStore(home);
        Path leftover = home.resolve("snapshots/.tmp-v3-dead");
        Files.createDirectories(leftover);
        Files.writeString(leftover.resolve("half.npy"), "partial");
        store.publish("snapshots", "v3", Map.of(), dir -> Files.writeString(dir.resolve("ok.npy"), "ok"));
        assertThat(leftover).doesNotExist();
        assertThat(home.resolve("snapshots/v3/manifest.json")).exists();
    }

    @Test
    void artifactsAreImmutable() throws IOException {
        ArtifactStore store = new ArtifactStore(home);
        store.publish("snapshots", "v1", Map.of(), dir -> Files.writeString(dir.resolve("a"), "1"));
        assertThatThrownBy(() ->
                        store.publish("snapshots", "v1", Map.of(), dir -> Files.writeString(dir.resolve("a"), "2")))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(home.resolve("snapshots/v1/a"))).isEqualTo("1");
    }

    @Test
    void unfinishedArtifactWithoutManifestFailsVerification() throws IOException {
        Files.createDirectories(home.resolve("snapshots/v9"));
        assertThatThrownBy(() -> new ArtifactStore(home).verify(home.resolve("snapshots/v9")))
                .hasMessageContaining("no manifest.json");
    }
}
