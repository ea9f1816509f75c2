package io.recsys.core.deploy;

/** Why the production alias moved. */
public enum DeploymentAction {
    /** A new model (by default the registry's champion) goes to production. */
    PROMOTE,
    /** An operator asked for the previous production model back. */
    ROLLBACK,
    /** Verification of a promotion failed and the alias went back by itself. */
    AUTO_ROLLBACK
}
