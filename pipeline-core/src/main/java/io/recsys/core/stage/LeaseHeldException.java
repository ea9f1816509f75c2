package io.recsys.core.stage;

import java.util.UUID;

/** Another live run holds the stage's lease; this one was not started. */
public class LeaseHeldException extends Exception {
    private final UUID cancelledRunId;
    private final UUID holderRunId;

    public LeaseHeldException(String stage, UUID cancelledRunId, UUID holderRunId) {
        super("stage " + stage + " is already running (run " + holderRunId + ")");
        this.cancelledRunId = cancelledRunId;
        this.holderRunId = holderRunId;
    }

    public UUID cancelledRunId() {
        return cancelledRunId;
    }

    public UUID holderRunId() {
        return holderRunId;
    }
}
