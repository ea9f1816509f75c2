package io.recsys.core.csv;

import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/**
 * How a delimited input file is laid out, as configuration: extended by every config group that
 * names such a file (data refresh's interactions and products, the embeddings stage's catalogue).
 */
public interface CsvFileSettings {
    /** One character, or {@code tab}. */
    @WithDefault(",")
    String delimiter();

    /** Quote character, or {@code none}. */
    @WithDefault("\"")
    String quote();

    @WithDefault("true")
    boolean header();

    @WithDefault("UTF-8")
    String encoding();

    /** The layout of {@code file} with these settings; errors name {@code configPrefix}'s keys. */
    default CsvLayout layout(Path file, String configPrefix) {
        return CsvLayout.of(file, delimiter(), quote(), header(), encoding(), configPrefix);
    }
}
