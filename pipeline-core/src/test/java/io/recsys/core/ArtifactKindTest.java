package io.recsys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.artifact.ArtifactKind;
import org.junit.jupiter.api.Test;

class ArtifactKindTest {

    @Test
    void theStoredIdsAreTheOnesEveryExistingRegistryHolds() {
        // Rows written before the type existed carry these strings; renaming one would orphan them.
        assertThat(ArtifactKind.DATA_SNAPSHOT.id()).isEqualTo("data-snapshot");
        assertThat(ArtifactKind.EMBEDDING_SET.id()).isEqualTo("embedding-set");
        for (ArtifactKind k : ArtifactKind.values()) {
            assertThat(ArtifactKind.of(k.id())).isSameAs(k);
        }
        assertThatThrownBy(() -> ArtifactKind.of("model")).hasMessageContaining("unknown artifact kind 'model'");
    }
}
