package io.recsys.core.stage;

import java.util.UUID;

/** Another live run holds the stage's lease; this one was not started. */
public class LeaseHeldException extends Exception {
    private final UUID cancelledRunId;
    private final UUID holderRunId;
    private final boolean absorbed;

    public LeaseHeldException(String stage, UUID cancelledRunId, UUID holderRunId) {
        this(stage, cancelledRunId, holderRunId, false);
    }

    public LeaseHeldException(String stage, UUID cancelledRunId, UUID holderRunId, boolean absorbed) {
        super("stage " + stage + " is already running (run " + holderRunId + ")");
        this.cancelledRunId = cancelledRunId;
        this.holderRunId = holderRunId;
        this.absorbed = absorbed;
    }

    /**
     * A chained run that met the lease: its chain link now names the running run as the one that
     * covers it (no duplicate work, and not a failure: {@code run-once} exits 0).
     */
    public boolean absorbed() {
        return absorbed;
    }

    public UUID cancelledRunId() {
        return cancelledRunId;
    }

    public UUID holderRunId() {
        return holderRunId;
    }
}
