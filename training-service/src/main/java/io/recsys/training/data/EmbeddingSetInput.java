package io.recsys.training.data;

import io.recsys.artifact.embedding.EmbeddingSetLayout;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.Digests;
import io.recsys.core.artifact.Manifest;
import io.recsys.training.model.ColdItemInit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The current product embedding set as an input of training: its id (for people) and the digest
 * of what training reads from it (the ids and vectors, {@link EmbeddingSetLayout#VECTOR_CONTENT}, from
 * the set's manifest). Training keys on the digest, so the same vectors republished under a new set id are
 * not new input.
 */
public record EmbeddingSetInput(String id, String contentSha256) {
    /** The files cold-item initialisation reads. */
    static final List<String> CONTENT = EmbeddingSetLayout.VECTOR_CONTENT;

    public static final EmbeddingSetInput NONE = new EmbeddingSetInput("none", "none");
    public static final EmbeddingSetInput NOT_USED = new EmbeddingSetInput("not used", "not used");
    private static final Logger LOG = Logger.getLogger(EmbeddingSetInput.class);

    public static EmbeddingSetInput current(ArtifactRegistry artifacts, ArtifactStore store, boolean used)
            throws Exception {
        if (!used) {
            return NOT_USED;
        }
        var set = artifacts.resolve(ColdItemInit.KIND, ArtifactKind.CURRENT);
        return set.isEmpty() ? NONE : new EmbeddingSetInput(set.get().id(), contentDigest(set.get(), store));
    }

    /** Reads only the manifest (no hashing of the vectors): enough to tell the content apart. */
    static String contentDigest(ArtifactRecord set, ArtifactStore store) {
        try {
            Manifest m = store.readManifest(Path.of(set.path()));
            Map<String, String> sha = m.files().stream()
                    .collect(Collectors.toMap(Manifest.Entry::path, Manifest.Entry::sha256, (a, b) -> a));
            if (sha.keySet().containsAll(CONTENT)) {
                return Digests.sha256Hex(
                        CONTENT.stream().map(f -> f + " " + sha.get(f)).collect(Collectors.joining("\n")));
            }
            LOG.warnf("embedding set %s lists no %s; keyed on its manifest", set.id(), CONTENT);
        } catch (IOException e) {
            LOG.warnf(
                    "embedding set %s: manifest unreadable (%s); keyed on its registered digest",
                    set.id(), e.getMessage());
        }
        return set.manifestSha256();
    }
}
