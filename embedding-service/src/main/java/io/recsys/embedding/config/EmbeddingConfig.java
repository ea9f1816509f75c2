package io.recsys.embedding.config;

import io.recsys.core.csv.CsvFileSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Configuration of the embeddings stage ({@code embedding.*}). Settings DJL would only reject deep
 * inside a run, or never (a zero batch size loops forever), are checked at start-up (exit 2).
 */
@ConfigMapping(prefix = "embedding")
public interface EmbeddingConfig {

    Products products();

    Model model();

    /** The product catalogue: the file data refresh reads, with the text fields to encode. */
    interface Products extends CsvFileSettings {
        /** Relative paths resolve against {@code embedding.products.raw-dir} (default {@code <recsys.home>/raw}). */
        @WithDefault("data_product.csv")
        String file();

        Optional<Path> rawDir();

        /** Column name (file with a header) or 0-based index (without). */
        @WithDefault("product_id")
        String idColumn();

        /** Joined in this order, empty fields left out (the seed: name, description, features). */
        @WithDefault("product_name,processed_description,feature")
        List<String> textColumns();

        @WithDefault(" [SEP] ")
        String separator();
    }

    interface Model {
        /**
         * A directory with {@code model.onnx} and {@code tokenizer.json}; default: the bundled
         * all-MiniLM-L6-v2 (384 dimensions), unpacked under {@code <recsys.home>/cache/models}.
         */
        Optional<Path> dir();

        /** Recorded with the set; a different name means every product is encoded again. */
        @WithDefault("sentence-transformers/all-MiniLM-L6-v2")
        String name();

        /** Tokens per text; longer texts are cut (seed: 256). */
        @WithDefault("256")
        @Positive
        int maxLength();

        /** Texts per forward pass (seed: 32). */
        @WithDefault("32")
        @Positive
        int batchSize();

        /** mean, cls, max, mean_sqrt_len or weightedmean (over the last hidden state, padding masked out). */
        @WithDefault("mean")
        Pooling pooling();

        /** ONNX Runtime threads inside one operator. */
        @WithDefault("2")
        @Positive
        int threads();
    }

    /** The poolings of DJL's text-embedding translator. */
    enum Pooling {
        MEAN,
        MAX,
        CLS,
        MEAN_SQRT_LEN,
        WEIGHTEDMEAN;

        /** As DJL and the embedding card spell it ({@code mean_sqrt_len}); a changed pooling re-encodes. */
        public String djlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
