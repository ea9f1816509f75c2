package io.recsys.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Drift settings no comparison can use, online settings no trigger can use, and cleanup settings that would read as "delete everything"
 * stop the service at start-up with exit 2, each key named, before a run reads or deletes anything.
 */
@QuarkusMainTest
@TestProfile(BadMonitorSettingsTest.BadValues.class)
class BadMonitorSettingsTest {

    public static class BadValues implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "monitor.drift.recent-window",
                    "30m",
                    "monitor.drift.rating-p-value",
                    "1",
                    "monitor.drift.top-k",
                    "0",
                    "monitor.cleanup.raw-backups-kept",
                    "-1",
                    "monitor.cleanup.quarantine-retention",
                    "PT-24H",
                    "monitor.online.ctr-drop",
                    "1.5",
                    "monitor.online.days",
                    "0");
        }
    }

    @Test
    @Launch(
            value = {"run-once"},
            exitCode = 2)
    void unusableDriftAndCleanupSettingsExitTwoNamingEachKey(LaunchResult result) {
        assertThat(result.getErrorOutput())
                .contains("monitor.drift.recent-window")
                .contains("monitor.drift.rating-p-value")
                .contains("monitor.drift.top-k")
                .contains("monitor.cleanup.raw-backups-kept")
                .contains("must be greater than or equal to 0")
                .contains("monitor.cleanup.quarantine-retention")
                .contains("monitor.online.ctr-drop")
                .contains("monitor.online.days");
    }
}
