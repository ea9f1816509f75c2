package io.recsys.core.alert;

/** Alert severity, as in the seed's AlertManager. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL
}
