package io.recsys.core.runner;

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

    public StageRegistry(Instance<Stage> all) {
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

    /** The named stage, or the only one when {@code name} is null. */
    public Stage get(String name) throws InvalidInvocationException {
        if (name == null) {
            if (stages.size() == 1) {
                return stages.values().iterator().next();
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
