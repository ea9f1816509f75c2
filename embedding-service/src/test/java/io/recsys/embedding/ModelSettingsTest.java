package io.recsys.embedding;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.stage.ConfigurationError;
import io.recsys.embedding.config.EmbeddingConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Model settings DJL would reject deep in a run (or loop on) are a configuration error (exit 2) up front. */
class ModelSettingsTest {

    private static EmbeddingConfig.Model model(String pooling, int batchSize, int maxLength, int threads) {
        return new EmbeddingConfig.Model() {
            public Optional<Path> dir() { return Optional.empty(); }
            public String name() { return "m"; }
            public int maxLength() { return maxLength; }
            public int batchSize() { return batchSize; }
            public String pooling() { return pooling; }
            public int threads() { return threads; }
        };
    }

    @Test
    void theDefaultsPass() {
        assertThatCode(() -> EmbeddingStage.checkModelSettings(model("mean", 32, 256, 2))).doesNotThrowAnyException();
        assertThatCode(() -> EmbeddingStage.checkModelSettings(model("cls", 1, 1, 1))).doesNotThrowAnyException();
    }

    @Test
    void anUnknownPoolingOrANonPositiveSizeNamesTheKey() {
        assertThatThrownBy(() -> EmbeddingStage.checkModelSettings(model("average", 32, 256, 2)))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("embedding.model.pooling")
                .hasMessageContaining("average");
        assertThatThrownBy(() -> EmbeddingStage.checkModelSettings(model("mean", 0, 256, 2)))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("embedding.model.batch-size");
        assertThatThrownBy(() -> EmbeddingStage.checkModelSettings(model("mean", 32, -1, 2)))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("embedding.model.max-length");
        assertThatThrownBy(() -> EmbeddingStage.checkModelSettings(model("mean", 32, 256, 0)))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("embedding.model.threads");
    }
}
