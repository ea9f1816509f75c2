package io.recsys.core.runner;

import io.recsys.core.config.PipelineConfig;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.stage.Stage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.TreeMap;

/** The stages this service runs, by name. */
@ApplicationScoped
public class StageRegistry {
    private final Map<String, Stage> stages = new TreeMap<>();
    private final String defaultStage;

    public StageRegistry(Instance<Stage> all, PipelineConfig config) {
        this.defaultStage = config.defaultStage().orElse(null);
        for (Stage s : all) {
            Stage previous = stages.put(s.name(), s);
            if (previous != null) {
                throw new IllegalStateException("two stages are named " + s.name());
            }
        }
    }

    public Map<String, Stage> all() {
        return stages;
    }

    /** The named stage, or when {@code name} is null the only one or the configured default. */
    public Stage get(String name) throws InvalidInvocationException {
        if (name == null) {
            if (stages.size() == 1) {
                return stages.values().iterator().next();
            }
            if (defaultStage != null && stages.containsKey(defaultStage)) {
                return stages.get(defaultStage);
            }
            throw new InvalidInvocationException(
                    "this service runs several stages " + stages.keySet() + "; name one with --stage");
        }
        Stage s = stages.get(name);
        if (s == null) {
            throw new InvalidInvocationException("unknown stage '" + name + "'; this service runs " + stages.keySet());
        }
        return s;
    }
}
