package io.recsys.data.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A share outside [0, 1] (also an optional one), a non-positive top-k or a minimum of interactions
 * that leaves nothing to train on stops the service at start-up with exit 2, each
 * key named, before any file is read or a snapshot is built.
 */
@QuarkusMainTest
@TestProfile(OutOfRangeDataSettingTest.BadValues.class)
class OutOfRangeDataSettingTest {

    public static class BadValues implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "data.validation.max-rejected-share",
                    "5",
                    "data.validation.max-shrink",
                    "-0.1",
                    "data.stats.top-k",
                    "0",
                    "data.validation.max-duplicate-share",
                    "1.5",
                    "data.features.min-user-interactions",
                    "1");
        }
    }

    @Test
    @Launch(
            value = {"run-once"},
            exitCode = 2)
    void outOfRangeSharesAndSizesExitTwoNamingEachKey(LaunchResult result) {
        assertThat(result.getErrorOutput())
                .contains("data.validation.max-rejected-share")
                .contains("must be less than or equal to 1")
                .contains("data.validation.max-shrink")
                .contains("data.stats.top-k")
                .contains("data.validation.max-duplicate-share")
                .contains("data.features.min-user-interactions")
                .contains("must be at least 2 (one interaction goes to test)");
    }
}
