package io.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.stage.StageFailure;
import io.recsys.data.validate.SnapshotGate;
import org.junit.jupiter.api.Test;

class SnapshotGateTest {
    private final SnapshotGate gate = new SnapshotGate(50, 10, 0.99, 0.5);

    @Test
    void tooFewUsersOrItemsIsRefusedNamingTheLimit() {
        assertThatThrownBy(() -> gate.check(49, 100, 5000, 0.9, -1, false))
                .isInstanceOf(StageFailure.class)
                .hasMessageContaining("49 trainable users")
                .hasMessageContaining("data.validation.min-users = 50");
        assertThatThrownBy(() -> gate.check(500, 9, 5000, 0.9, -1, false))
                .isInstanceOf(StageFailure.class)
                .hasMessageContaining("too few items")
                .hasMessageContaining("data.validation.min-items = 10");
        assertThatThrownBy(() -> gate.check(49, 100, 5000, 0.9, -1, true))
                .as("--accept-shrink does not make a too-small snapshot trainable")
                .isInstanceOf(StageFailure.class);
    }

    @Test
    void aSnapshotHalfTheSizeOfTheCurrentOneIsRefusedUnlessAccepted() throws Exception {
        assertThatThrownBy(() -> gate.check(500, 100, 4000, 0.9, 10_000, false))
                .isInstanceOf(StageFailure.class)
                .hasMessageContaining("60% fewer")
                .hasMessageContaining("10000")
                .hasMessageContaining("--accept-shrink");
        assertThat(gate.check(500, 100, 4000, 0.9, 10_000, true)).isEmpty();
        assertThat(gate.check(500, 100, 6000, 0.9, 10_000, false))
                .as("40% fewer is within 50%")
                .isEmpty();
        assertThat(gate.check(500, 100, 6000, 0.9, -1, false))
                .as("no current snapshot")
                .isEmpty();
    }

    @Test
    void extremeSparsityIsAWarningNotAFailure() throws Exception {
        assertThat(gate.check(500, 100, 6000, 0.995, -1, false))
                .singleElement()
                .asString()
                .contains("high sparsity 0.9950");
        assertThat(gate.check(500, 100, 6000, 0.99, -1, false)).isEmpty();
    }
}
