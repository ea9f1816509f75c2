package io.recsys.monitor.health;

import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.ledger.RunLedger;
import io.recsys.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Data: the current snapshot exists, every file matches its manifest, and it is no older than
 * {@code monitor.health.data-max-age}; the current embedding set, when there is one, is fresh.
 */
@ApplicationScoped
public class DataCheck implements ComponentCheck {
    static final String SNAPSHOT_KIND = "data-snapshot";
    static final String EMBEDDINGS_KIND = "embedding-set";

    static final String DATA_REFRESH = "data-refresh";
    static final String EMBEDDINGS = "embeddings";

    private final ArtifactRegistry artifacts;
    private final ArtifactStore store;
    private final MonitorConfig config;
    private final RunLedger ledger;

    public DataCheck(ArtifactRegistry artifacts, ArtifactStore store, MonitorConfig config, RunLedger ledger) {
        this.artifacts = artifacts;
        this.store = store;
        this.config = config;
        this.ledger = ledger;
    }

    @Override
    public HealthComponent component() {
        return HealthComponent.DATA;
    }

    @Override
    public List<Check> run() throws Exception {
        List<Check> out = new ArrayList<>();
        Optional<ArtifactRecord> snapshot = artifacts.resolve(SNAPSHOT_KIND, "current");
        if (snapshot.isEmpty()) {
            out.add(Check.fail("snapshot_exists", HealthStatus.CRITICAL, "no current data snapshot: the data refresh"
                    + " has never published one"));
        } else {
            ArtifactRecord s = snapshot.get();
            out.add(Check.pass("snapshot_exists", s.id() + " at " + s.path()));
            try {
                store.verify(Path.of(s.path()));
                out.add(Check.pass("snapshot_intact", "every file matches the manifest"));
            } catch (Exception e) {
                out.add(Check.fail("snapshot_intact", HealthStatus.CRITICAL, e.getMessage()));
            }
            out.add(age("snapshot_freshness", "data", confirmed(s.createdAt(), DATA_REFRESH), config.health().dataMaxAge()));
        }
        Optional<ArtifactRecord> embeddings = artifacts.resolve(EMBEDDINGS_KIND, "current");
        if (embeddings.isEmpty()) {
            out.add(Check.fail("embeddings", HealthStatus.HEALTHY, "no product embeddings yet (cold items start"
                    + " random)"));
        } else {
            out.add(age("embeddings_freshness", "product embeddings", confirmed(embeddings.get().createdAt(), EMBEDDINGS),
                    config.health().embeddingsMaxAge()));
        }
        return out;
    }

    /**
     * When the artifact was last known to be current: published then, or confirmed since by a run of
     * its stage that found its inputs unchanged (a skip is a success). Without this, a shop with no
     * new interactions for a week would be told hourly that its data is stale.
     */
    private Instant confirmed(Instant created, String stage) {
        return ledger.lastConfirmed(stage).filter(created::isBefore).orElse(created);
    }

    private static Check age(String name, String what, Instant asOf, Duration max) {
        Duration age = Duration.between(asOf, Instant.now());
        String text = what + " last confirmed current " + age.toHours() + " h ago (limit " + max.toDays() + " days)";
        return age.compareTo(max) > 0 ? Check.fail(name, HealthStatus.WARNING, text) : Check.pass(name, text);
    }
}
