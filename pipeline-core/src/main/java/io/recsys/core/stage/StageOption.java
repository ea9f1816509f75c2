package io.recsys.core.stage;

/**
 * A declared command-line/HTTP option of a stage. {@code flag} options take no value.
 */
public record StageOption(String name, boolean flag, String description) {

    public static StageOption flag(String name, String description) {
        return new StageOption(name, true, description);
    }

    public static StageOption value(String name, String description) {
        return new StageOption(name, false, description);
    }
}
