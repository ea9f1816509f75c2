package io.recsys.training.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.core.testing.ServiceJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edge switched on that closes a cycle in the chain's edge table (health-check -> training ->
 * deployment -> health-check) stops the packaged service at start-up with exit 2, the cycle and the
 * way out named, before any run.
 */
class ChainCycleIT {

    @TempDir
    Path home;

    @Test
    void aCycleInTheEdgeTableExitsTwoNamingIt() throws Exception {
        new EmbeddedPostgresResource().start(); // the JVM's one database, shared with the other ITs
        Path log = home.resolve("training.log");
        int exit = ServiceJar.underTest()
                .database(EmbeddedPostgresResource.jdbcUrl())
                .home(home)
                .jvm("-Drecsys.chain.edges.health-training.enabled=true")
                .run(log, Duration.ofMinutes(2), "run-once");
        String out = Files.readString(log);
        assertThat(exit).as(out).isEqualTo(2);
        assertThat(out)
                .contains("recsys.chain.edges form a cycle")
                .contains("health-check [health-training] -> training")
                .contains("deployment [deployment-health] -> health-check")
                .contains("recsys.chain.edges.<name>.enabled=false")
                .doesNotContain("Exception");
        assertThat(home.resolve("logs")).as("nothing ran").doesNotExist();
    }
}
