package io.recsys.monitor.health;

import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.ledger.RunLedger;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long the current data snapshot and embedding set have gone without being confirmed current:
 * published then, or confirmed since by a run of their stage that found its inputs unchanged (a
 * skip is a success). Without this, a shop with no new interactions for a week would be told
 * hourly that its data is stale. The health checks and the retrain triggers read the same ages.
 */
@ApplicationScoped
public class Freshness {
    static final ArtifactKind SNAPSHOT_KIND = ArtifactKind.DATA_SNAPSHOT;
    static final ArtifactKind EMBEDDINGS_KIND = ArtifactKind.EMBEDDING_SET;
    static final String DATA_REFRESH = "data-refresh";
    static final String EMBEDDINGS = "embeddings";

    /** An artifact and since when it is known to be current. */
    public record Age(ArtifactRecord artifact, Instant confirmedAt) {
        public Duration age() {
            return Duration.between(confirmedAt, Instant.now());
        }
    }

    private final ArtifactRegistry artifacts;
    private final RunLedger ledger;

    public Freshness(ArtifactRegistry artifacts, RunLedger ledger) {
        this.artifacts = artifacts;
        this.ledger = ledger;
    }

    public Optional<Age> snapshot() throws Exception {
        return of(SNAPSHOT_KIND, DATA_REFRESH);
    }

    public Optional<Age> embeddings() throws Exception {
        return of(EMBEDDINGS_KIND, EMBEDDINGS);
    }

    private Optional<Age> of(ArtifactKind kind, String stage) throws Exception {
        Optional<ArtifactRecord> current = artifacts.resolve(kind, ArtifactKind.CURRENT);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Instant created = current.get().createdAt();
        return Optional.of(new Age(
                current.get(),
                ledger.lastConfirmed(stage).filter(created::isBefore).orElse(created)));
    }
}
