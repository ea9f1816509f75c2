package io.recsys.core.chain;

import java.time.Instant;
import java.util.UUID;

/**
 * An edge that fired when {@code parentRunId} finished, and what became of it. {@code childRunId}:
 * the run that took it up (or, ABSORBED, the run already going); {@code launchedAs}: the Job's name
 * or {@code local}.
 */
public record ChainLink(
        long id,
        UUID parentRunId,
        String edge,
        String fromStage,
        ChainSignal outcome,
        String toStage,
        LinkDecision decision,
        UUID childRunId,
        String launchedAs,
        String detail,
        Instant decidedAt) {

    /** One line for the run's output and logs. */
    public String describe() {
        return toStage + " " + decision + " (edge " + edge + ", " + outcome.label() + "): " + detail;
    }
}
