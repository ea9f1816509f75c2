package io.recsys.core.stage;

/** The stage's configuration is wrong (a bad layout, an unknown encoding): exit 2, not retried. */
public class ConfigurationError extends StageFailure {
    public ConfigurationError(String message) {
        super(message);
    }
}
