package io.recsys.core.stage;

import java.nio.file.Path;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * What a running stage may know about its run. {@link #checkAlive()} throws once the run lost its
 * lease, so long loops stop writing when another process has taken over.
 */
public record StageContext(
        UUID runId,
        String stage,
        Trigger trigger,
        StageOptions options,
        Path home,
        int attempt,
        BooleanSupplier leaseHeld) {

    public boolean force() {
        return options.force();
    }

    public boolean dryRun() {
        return options.dryRun();
    }

    public void checkAlive() {
        if (!leaseHeld.getAsBoolean()) {
            throw new LeaseLostException("run " + runId + " of stage " + stage + " lost its lease; stopping");
        }
    }
}
