package io.recsys.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.stage.DryRun;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DryRunTest {

    @Test
    void theMarkBelongsToTheDryRunsThreadAndNeverToAThreadItCreates() throws Exception {
        AtomicBoolean childMarked = new AtomicBoolean(true);
        DryRun.enter();
        try {
            assertThat(DryRun.active()).isTrue();
            // A pool thread born during a dry run lives on after it: it must not hold back real alerts.
            Thread child = new Thread(() -> childMarked.set(DryRun.active()));
            child.start();
            child.join();
        } finally {
            DryRun.leave();
        }
        assertThat(childMarked).isFalse();
        assertThat(DryRun.active()).isFalse();
    }
}
