package io.recsys.training.model;

import io.recsys.artifact.embedding.EmbeddingSet;
import io.recsys.artifact.embedding.EmbeddingSetReader;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.math.Factors;
import io.recsys.math.Projection;
import io.recsys.model.ModelArtifact;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Starts cold items (fewer than {@code threshold} train interactions) from their product-text
 * embeddings, as the seed does with BERT: the current embedding set ({@code embedding-set/current}, n
 * vectors of d dimensions, read by {@link EmbeddingSetReader}) is projected onto the k principal
 * directions and each cold item's row is scaled to the typical norm of the initial factors, so the
 * embedding gives a direction, not a magnitude.
 */
public final class ColdItemInit {
    public static final ArtifactKind KIND = ArtifactKind.EMBEDDING_SET;
    private static final Logger LOG = Logger.getLogger(ColdItemInit.class);

    private ColdItemInit() {}

    /** Returns how many item rows were initialised from embeddings (0 without an embedding set). */
    public static int apply(
            ArtifactRegistry artifacts,
            ArtifactStore store,
            List<String> itemIds,
            int[] itemCounts,
            Factors items,
            int threshold,
            int powerIterations,
            long seed) {
        try {
            Optional<ArtifactRecord> set = artifacts.resolve(KIND, ArtifactKind.CURRENT);
            if (set.isEmpty()) {
                LOG.info("no embedding set yet: cold items start from random factors");
                return 0;
            }
            Path dir = Path.of(set.get().path());
            store.verify(dir);
            EmbeddingSet emb = EmbeddingSetReader.read(dir);
            List<String> ids = emb.itemIds();
            int n = emb.size();
            int d = emb.dimension();
            int k = items.k();
            if (k > d || n <= k) {
                LOG.infof(
                        "embedding set %s (%d x %d) cannot give %d dimensions; ignored",
                        set.get().id(), n, d, k);
                return 0;
            }
            int[] rowOf = ModelArtifact.rowsOf(itemIds, ids);
            Projection projection = Projection.fit(emb.vectors(), n, d, k, powerIterations, seed);
            double typicalNorm = 0;
            for (int i = 0; i < items.rows(); i++) {
                typicalNorm += Math.sqrt(items.dot(i, items, i));
            }
            typicalNorm /= Math.max(1, items.rows());
            int done = 0;
            for (int i = 0; i < items.rows(); i++) {
                if (itemCounts[i] >= threshold || rowOf[i] < 0) {
                    continue;
                }
                float[] v = projection.project(emb.vectors(), rowOf[i]);
                double norm = 0;
                for (float x : v) {
                    norm += x * x;
                }
                norm = Math.sqrt(norm);
                if (norm < 1e-12) {
                    continue;
                }
                for (int f = 0; f < k; f++) {
                    items.data()[i * k + f] = (float) (v[f] / norm * typicalNorm);
                }
                done++;
            }
            LOG.infof(
                    "%d cold items initialised from embedding set %s",
                    done, set.get().id());
            return done;
        } catch (Exception e) {
            LOG.warnf("cold-item initialisation skipped: %s", e.getMessage());
            return 0;
        }
    }
}
