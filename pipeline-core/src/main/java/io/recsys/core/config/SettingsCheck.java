package io.recsys.core.config;

/**
 * A rule between configuration values that no annotation on one key can express (one duration must
 * cover another, read from two mappings). Every bean implementing it is run once at start-up by
 * {@link SettingsChecks}, so a contradiction stops the service with exit 2 before any run begins.
 */
public interface SettingsCheck {
    /**
     * @return what is wrong, naming the keys involved, or empty when the settings agree
     */
    java.util.Optional<String> problem();
}
