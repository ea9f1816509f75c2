package io.recsys.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A run past its deadline is stopped; one that ends in time is left alone. */
class StageDeadlineTest {

    @Test
    void aHungProcessIsStoppedAtItsDeadline() throws Exception {
        Process hung = new ProcessBuilder("sleep", "60").start();
        StageProcess.Deadline deadline = StageProcess.Deadline.after(hung, Duration.ofMillis(300));
        assertThat(hung.waitFor(20, TimeUnit.SECONDS))
                .as("stopped well before its 60 s")
                .isTrue();
        assertThat(deadline.cancel()).as("the deadline did it").isTrue();
    }

    @Test
    void aProcessThatEndsInTimeIsNotReportedAsStopped() throws Exception {
        Process quick = new ProcessBuilder("true").start();
        StageProcess.Deadline deadline = StageProcess.Deadline.after(quick, Duration.ofSeconds(30));
        assertThat(quick.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(deadline.cancel()).isFalse();
        assertThat(quick.exitValue()).isZero();
    }
}
