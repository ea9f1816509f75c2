package io.recsys.data;

import io.recsys.core.config.PipelineConfig;
import io.recsys.data.config.DataConfig;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The real {@link DataConfig} mapping with its defaults, built outside Quarkus for plain tests. */
final class TestDataConfig {
    private TestDataConfig() {}

    private static SmallRyeConfig config(Map<String, String> overrides) {
        return new SmallRyeConfigBuilder()
                .withMapping(DataConfig.class)
                .withMapping(PipelineConfig.Events.class, "recsys.events")
                .withSources(new MapBackedConfigSource("test", new HashMap<>(overrides), 500) {})
                .build();
    }

    static DataConfig of(Map<String, String> overrides) {
        return config(overrides).getConfigMapping(DataConfig.class);
    }

    /** recsys.events.* with its defaults (what an event counts as). */
    static PipelineConfig.Events events(Map<String, String> overrides) {
        return config(overrides).getConfigMapping(PipelineConfig.Events.class, "recsys.events");
    }

    static RefreshInputs inputs(Path home, Map<String, String> overrides) throws Exception {
        return new RefreshInputs(of(overrides), events(overrides), home);
    }

    /** MovieLens-100K mapped onto the seed's columns by configuration alone. */
    static Map<String, String> movieLens(Path dir) {
        Map<String, String> m = new HashMap<>();
        m.put("data.raw-dir", dir.toString());
        m.put("data.interactions.file", "u.data");
        m.put("data.interactions.delimiter", "tab");
        m.put("data.interactions.quote", "none");
        m.put("data.interactions.header", "false");
        m.put("data.interactions.columns.user", "0");
        m.put("data.interactions.columns.item", "1");
        m.put("data.interactions.columns.rating", "2");
        m.put("data.interactions.columns.comment", "none");
        m.put("data.interactions.columns.timestamp", "3");
        m.put("data.interactions.timestamp-format", "epoch-seconds");
        m.put("data.products.file", "u.item");
        m.put("data.products.delimiter", "|");
        m.put("data.products.quote", "none");
        m.put("data.products.header", "false");
        m.put("data.products.encoding", "ISO-8859-1");
        m.put("data.products.id-column", "0");
        m.put("data.products.name-column", "1");
        return m;
    }

    static Path sharedDatasets() {
        String env = System.getenv("RECSYS_SHARED_DATASETS");
        Path p = env != null ? Path.of(env) : Path.of("..", "..", "shared", "datasets");
        return p.toAbsolutePath().normalize();
    }
}
