package io.recsys.monitor.health;

import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Data: the current snapshot exists, every file matches its manifest, and it was confirmed current
 * within {@code monitor.health.data-max-age}; the current embedding set, when there is one, within
 * {@code embeddings-max-age} (warning) and {@code embeddings-critical-age} (critical).
 */
@ApplicationScoped
public class DataCheck implements ComponentCheck {
    private final Freshness freshness;
    private final ArtifactStore store;
    private final MonitorConfig config;

    public DataCheck(Freshness freshness, ArtifactStore store, MonitorConfig config) {
        this.freshness = freshness;
        this.store = store;
        this.config = config;
    }

    @Override
    public HealthComponent component() {
        return HealthComponent.DATA;
    }

    /** Reads only: the same in a dry run. */
    @Override
    public List<Check> run(boolean dryRun) throws Exception {
        List<Check> out = new ArrayList<>();
        Optional<Freshness.Age> snapshot = freshness.snapshot();
        if (snapshot.isEmpty()) {
            out.add(Check.fail(
                    "snapshot_exists",
                    HealthStatus.CRITICAL,
                    "no current data snapshot: the data refresh" + " has never published one"));
        } else {
            ArtifactRecord s = snapshot.get().artifact();
            out.add(Check.pass("snapshot_exists", s.id() + " at " + s.path()));
            try {
                store.verify(Path.of(s.path()));
                out.add(Check.pass("snapshot_intact", "every file matches the manifest"));
            } catch (Exception e) {
                out.add(Check.fail("snapshot_intact", HealthStatus.CRITICAL, e.getMessage()));
            }
            out.add(age(
                    "snapshot_freshness",
                    "data",
                    snapshot.get().age(),
                    config.health().dataMaxAge(),
                    null));
        }
        Optional<Freshness.Age> embeddings = freshness.embeddings();
        if (embeddings.isEmpty()) {
            out.add(Check.fail(
                    "embeddings", HealthStatus.HEALTHY, "no product embeddings yet (cold items start" + " random)"));
        } else {
            out.add(age(
                    "embeddings_freshness",
                    "product embeddings",
                    embeddings.get().age(),
                    config.health().embeddingsMaxAge(),
                    config.health().embeddingsCriticalAge()));
        }
        return out;
    }

    /**
     * Warning beyond {@code warning}, critical beyond {@code critical} when there is one. The warning
     * waits the missed-run grace more: the weekly embeddings run sits on the same 7-day cadence as its
     * limit, so a run slower than the hour to the next check would otherwise warn by start-time jitter.
     */
    private Check age(String name, String what, Duration age, Duration warning, Duration critical) {
        Duration grace = config.missedRunGrace();
        String text = what + " last confirmed current " + age.toHours() + " h ago (limit " + warning.toDays() + " days"
                + " + " + grace.toHours() + " h grace"
                + (critical == null ? "" : ", critical after " + critical.toDays() + " days") + ")";
        if (critical != null && age.compareTo(critical) > 0) {
            return Check.fail(name, HealthStatus.CRITICAL, text);
        }
        return age.compareTo(warning.plus(grace)) > 0
                ? Check.fail(name, HealthStatus.WARNING, text)
                : Check.pass(name, text);
    }
}
