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
 * A value outside its closed set (an enum) stops the service at start-up with exit 2 and the key
 * named — before a run (and its lease, ledger row or database) is touched, so no database is needed.
 */
@QuarkusMainTest
@TestProfile(UnknownEnumSettingTest.BadValues.class)
class UnknownEnumSettingTest {

    public static class BadValues implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("training.evaluation.primary-metric", "f1", "training.als.solver", "qr");
        }
    }

    @Test
    @Launch(
            value = {"run-once", "--stage", "training"},
            exitCode = 2)
    void anUnknownMetricOrSolverExitsTwoNamingTheKeyAndTheAllowedValues(LaunchResult result) {
        String err = result.getErrorOutput();
        assertThat(err)
                .contains("training.evaluation.primary-metric")
                .contains("\"f1\"")
                .contains("recall")
                .contains("ndcg")
                .contains("training.als.solver")
                .contains("\"qr\"")
                .contains("conjugate-gradient")
                .doesNotContain("IllegalArgumentException");
        assertThat(result.getOutput()).doesNotContain("SUCCEEDED").doesNotContain("FAILED");
    }
}
