package io.recsys.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.core.testing.ServiceJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values valid one by one that contradict each other (an alert log kept for less time than the
 * health check reads it back over) stop the packaged service at start-up with exit 2, naming the
 * keys, before cleanup deletes anything. A process, not a {@code @QuarkusMainTest}: a launch that
 * fails start-up leaves its profile's properties behind for the next one in the same JVM.
 */
class ContradictoryMonitorSettingsIT {

    @TempDir
    Path home;

    @Test
    void anAlertLogKeptShorterThanItIsReadExitsTwoNamingBothKeys() throws Exception {
        new EmbeddedPostgresResource().start(); // the JVM's one database, shared with the other ITs
        Path log = home.resolve("cleanup.log");
        int exit = ServiceJar.underTest()
                .database(EmbeddedPostgresResource.jdbcUrl())
                .home(home)
                .jvm("-Dmonitor.cleanup.alert-log-retention=2h", "-Dmonitor.health.alert-repeat-after=6h")
                .run(log, Duration.ofMinutes(2), "run-once", "--stage", "cleanup", "--dry-run");
        String out = Files.readString(log);
        assertThat(exit).as(out).isEqualTo(2);
        assertThat(out)
                .contains("monitor.cleanup.alert-log-retention (PT2H) is shorter")
                .contains("monitor.health.alert-repeat-after")
                .doesNotContain("Exception");
        assertThat(home.resolve("logs")).as("nothing ran").doesNotExist();
    }
}
