package io.recsys.core.deploy;

/** Why an alias (production or canary) moved. */
public enum DeploymentAction {
    /** A new model (by default the registry's champion) goes to production. */
    PROMOTE,
    /** An operator asked for the previous production model back. */
    ROLLBACK,
    /** Verification of a promotion failed and the alias went back by itself. */
    AUTO_ROLLBACK,
    /** A candidate started serving a share of users as the canary. */
    CANARY_START,
    /** The canary ended (judged, stopped by an operator, or failed verification); the alias is gone. */
    CANARY_STOP
}
