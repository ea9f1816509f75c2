package io.recsys.embedding.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sizes DJL would reject deep in a run (or loop on: a zero batch size) stop the service at
 * start-up with exit 2, each key named, before any product is read.
 */
@QuarkusMainTest
@TestProfile(NonPositiveModelSizeTest.BadValues.class)
class NonPositiveModelSizeTest {

    public static class BadValues implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "embedding.model.batch-size",
                    "0",
                    "embedding.model.max-length",
                    "-1",
                    "embedding.model.threads",
                    "0");
        }
    }

    @Test
    @Launch(
            value = {"run-once"},
            exitCode = 2)
    void nonPositiveSizesExitTwoNamingEachKey(LaunchResult result) {
        assertThat(result.getErrorOutput())
                .contains("embedding.model.batch-size")
                .contains("must be greater than 0")
                .contains("embedding.model.max-length")
                .contains("embedding.model.threads");
    }
}
