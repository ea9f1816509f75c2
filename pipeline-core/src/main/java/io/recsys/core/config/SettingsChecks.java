package io.recsys.core.config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every {@link SettingsCheck} when the application starts. A failure is a
 * {@link ConfigurationException}, which the start-up exit handler reports as exit 2 with the message.
 */
@ApplicationScoped
public class SettingsChecks {
    private final Instance<SettingsCheck> checks;

    public SettingsChecks(Instance<SettingsCheck> checks) {
        this.checks = checks;
    }

    void onStart(@Observes StartupEvent start) {
        List<String> problems = new ArrayList<>();
        for (SettingsCheck check : checks) {
            check.problem().ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("; ", problems));
        }
    }
}
