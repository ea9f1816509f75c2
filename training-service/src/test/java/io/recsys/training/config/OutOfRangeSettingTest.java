package io.recsys.training.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A value outside its range stops the service at start-up with exit 2 and the key
 * named — before a run (and its lease, ledger row or database) is touched, so no database is needed.
 */
@QuarkusMainTest
@TestProfile(OutOfRangeSettingTest.BadValues.class)
class OutOfRangeSettingTest {

    public static class BadValues implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("training.als.factors", "0", "training.bpr.hard-negative-share", "1.5");
        }
    }

    @Test
    @Launch(
            value = {"run-once", "--stage", "training"},
            exitCode = 2)
    void outOfRangeNumbersExitTwoNamingEachKey(LaunchResult result) {
        String err = result.getErrorOutput();
        assertThat(err)
                .contains("training.als.factors")
                .contains("must be greater than 0")
                .contains("training.bpr.hard-negative-share");
        assertThat(result.getOutput()).doesNotContain("SUCCEEDED").doesNotContain("FAILED");
    }
}
