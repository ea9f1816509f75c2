package io.recsys.embedding;

import io.recsys.core.stage.StageInputs;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an embedding set is made from: the catalogue file and its digest, the model and its
 * weights' digest, and the settings that read the catalogue and shape the vectors. Recorded as the
 * run's and the set's input versions.
 */
public record EmbeddingInputs(
        Path productsFile,
        String productsSha256,
        String model,
        String modelSha256,
        String idColumn,
        List<String> textColumns,
        String layout,
        String separator,
        String pooling,
        int maxLength)
        implements StageInputs {

    /** The keys that shape the vectors: when they match, a set's vectors of unchanged texts can be reused. */
    private static final List<String> ENCODING =
            List.of("model", "model_sha256", "text_columns", "separator", "pooling", "max_length");

    public EmbeddingInputs {
        textColumns = List.copyOf(textColumns);
    }

    @Override
    public Map<String, Object> asLedgerMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("products_file", productsFile.getFileName().toString());
        m.put("products_sha256", productsSha256);
        m.put("model", model);
        m.put("model_sha256", modelSha256);
        m.put("id_column", idColumn);
        m.put("text_columns", String.join(",", textColumns));
        m.put("layout", layout);
        m.put("separator", separator);
        m.put("pooling", pooling);
        m.put("max_length", maxLength);
        return m;
    }

    /** Whether a set recorded with {@code previous} inputs was encoded the same way (its catalogue aside). */
    public boolean sameEncoding(Map<String, Object> previous) {
        Map<String, Object> now = asLedgerMap();
        for (String key : ENCODING) {
            if (!String.valueOf(now.get(key)).equals(String.valueOf(previous.get(key)))) {
                return false;
            }
        }
        return true;
    }
}
