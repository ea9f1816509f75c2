package io.recsys.monitor.health;

import io.recsys.core.retrain.RetrainReason;
import io.recsys.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The seed's retrain triggers besides drift: training data or product embeddings not confirmed
 * current for longer than {@code monitor.health.retrain.data-age} / {@code embeddings-age} (30 days
 * each). The health check sees these ages, so it is the one that turns them into retrain requests.
 */
@ApplicationScoped
public class RetrainTriggers {
    /** A trigger that fired: why, about which artifact, and what was seen. */
    public record Fired(RetrainReason reason, String subject, String detail) {}

    private final Freshness freshness;
    private final MonitorConfig config;

    public RetrainTriggers(Freshness freshness, MonitorConfig config) {
        this.freshness = freshness;
        this.config = config;
    }

    public List<Fired> evaluate() throws Exception {
        MonitorConfig.Health.Retrain r = config.health().retrain();
        List<Fired> out = new ArrayList<>();
        if (!r.enabled()) {
            return out;
        }
        fire(out, RetrainReason.DATA_AGE, "training data (snapshot", freshness.snapshot(), r.dataAge());
        fire(out, RetrainReason.EMBEDDINGS_AGE, "product embeddings (set", freshness.embeddings(), r.embeddingsAge());
        return out;
    }

    private static void fire(
            List<Fired> out, RetrainReason reason, String what, Optional<Freshness.Age> age, Duration limit) {
        if (age.isPresent() && age.get().age().compareTo(limit) > 0) {
            String id = age.get().artifact().id();
            out.add(new Fired(
                    reason,
                    id,
                    what + " " + id + ") last confirmed current "
                            + age.get().age().toDays() + " days ago (retrain after " + limit.toDays() + ")"));
        }
    }
}
