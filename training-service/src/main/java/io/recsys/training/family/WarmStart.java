package io.recsys.training.family;

import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.registry.ModelVersion;
import io.recsys.math.Factors;
import io.recsys.model.ModelArtifact;
import io.recsys.model.ModelContent;
import io.recsys.training.data.TrainingData;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Starts a model from the champion's factors, row by row for the users and items it knows. */
@ApplicationScoped
public class WarmStart {
    private static final Logger LOG = Logger.getLogger(WarmStart.class);

    private final ArtifactStore store;

    public WarmStart(ArtifactStore store) {
        this.store = store;
    }

    /**
     * Copies the champion's rows into {@code users} and {@code items} when it is of the same family
     * and width; returns its id, or null when it cannot help (the factors stay random).
     */
    public String apply(
            Optional<ModelVersion> source, ModelFamily family, TrainingData data, Factors users, Factors items) {
        if (source.isEmpty() || source.get().type() != family.type()) {
            return null;
        }
        ModelVersion champion = source.get();
        try {
            Path dir = Path.of(champion.artifactPath());
            store.verify(dir);
            ModelContent old = ModelArtifact.read(dir);
            if (old.users().k() != users.k()) {
                LOG.infof(
                        "warm start skipped: champion has k=%d, this run k=%d",
                        old.users().k(), users.k());
                return null;
            }
            copyRows(old.users(), ModelArtifact.rowsOf(data.userIds(), old.userIds()), users);
            copyRows(old.items(), ModelArtifact.rowsOf(data.itemIds(), old.itemIds()), items);
            return champion.id();
        } catch (Exception e) {
            LOG.warnf("warm start from %s failed (%s); starting from random factors", champion.id(), e.getMessage());
            return null;
        }
    }

    private static void copyRows(Factors from, int[] rowOf, Factors to) {
        int k = to.k();
        for (int r = 0; r < rowOf.length; r++) {
            if (rowOf[r] >= 0) {
                System.arraycopy(from.data(), rowOf[r] * k, to.data(), r * k, k);
            }
        }
    }
}
