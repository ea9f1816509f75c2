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
 * A pooling DJL does not know stops the service at start-up with exit 2, the key and the allowed
 * values named, before any product is read.
 */
@QuarkusMainTest
@TestProfile(UnknownPoolingTest.BadValues.class)
class UnknownPoolingTest {

    public static class BadValues implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("embedding.model.pooling", "average");
        }
    }

    @Test
    @Launch(
            value = {"run-once"},
            exitCode = 2)
    void anUnknownPoolingExitsTwoNamingTheKeyAndTheAllowedValues(LaunchResult result) {
        assertThat(result.getErrorOutput())
                .contains("embedding.model.pooling")
                .contains("\"average\"")
                .contains("mean-sqrt-len");
    }
}
