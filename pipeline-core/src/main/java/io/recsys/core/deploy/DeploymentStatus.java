package io.recsys.core.deploy;

import java.util.EnumSet;
import java.util.Set;

/** Lifecycle of one alias move. Transitions live in {@link #canBecome}. */
public enum DeploymentStatus {
    /** The alias moved; waiting for replicas to load the model and answer well. */
    VERIFYING,
    /** Every live replica serves the model and passed the smoke test. */
    SUCCEEDED,
    /** No live replica: the alias moved and replicas will load the model when they start. */
    PENDING,
    /** Verification failed and moving the alias back failed too (or was impossible). */
    FAILED,
    /** Verification failed; the alias was moved back to the previous model. */
    ROLLED_BACK;

    public boolean canBecome(DeploymentStatus next) {
        Set<DeploymentStatus> allowed = switch (this) {
            case VERIFYING -> EnumSet.of(SUCCEEDED, PENDING, FAILED, ROLLED_BACK);
            case SUCCEEDED, PENDING, FAILED, ROLLED_BACK -> EnumSet.noneOf(DeploymentStatus.class);
        };
        return allowed.contains(next);
    }
}
