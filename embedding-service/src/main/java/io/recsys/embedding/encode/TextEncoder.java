package io.recsys.embedding.encode;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.translator.TextEmbeddingTranslatorFactory;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A sentence transformer loaded with DJL on ONNX Runtime: texts in, one vector per text out
 * (pooled over the last hidden state with padding masked out, then L2-normalised). Loads only
 * from a local directory; nothing is downloaded.
 */
public final class TextEncoder implements AutoCloseable {
    private final ZooModel<String, float[]> model;
    private final Predictor<String, float[]> predictor;
    private final int batchSize;

    private TextEncoder(ZooModel<String, float[]> model, int batchSize) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.batchSize = batchSize;
    }

    /**
     * DJL offline, with its cache (the tokenizer's native library is unpacked there) under the
     * artifact root unless DJL_CACHE_DIR says otherwise: a container's home may be read-only.
     */
    public static void prepareEnvironment(Path cacheDir) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", cacheDir.toString());
        }
        if (System.getProperty("ENGINE_CACHE_DIR") == null && System.getenv("ENGINE_CACHE_DIR") == null) {
            System.setProperty("ENGINE_CACHE_DIR", cacheDir.toString());
        }
    }

    /** Loads {@code dir/model.onnx} with {@code dir/tokenizer.json}. */
    public static TextEncoder load(Path dir, String pooling, int maxLength, int batchSize, int threads)
            throws IOException, ModelNotFoundException, MalformedModelException {
        Criteria<String, float[]> criteria = Criteria.builder()
                .setTypes(String.class, float[].class)
                .optModelPath(dir)
                .optModelName("model")
                .optEngine("OnnxRuntime")
                .optTranslatorFactory(new TextEmbeddingTranslatorFactory())
                .optArgument("tokenizerPath", dir.resolve("tokenizer.json").toString())
                .optArgument("pooling", pooling)
                .optArgument("normalize", "true")
                .optArgument("includeTokenTypes", "true") // BERT exports take token type ids as their third input
                .optArgument("padding", "true")
                .optArgument("truncation", "true")
                .optArgument("maxLength", Integer.toString(maxLength))
                // ONNX Runtime applies the intra-op count only when the inter-op one is set too.
                .optOption("interOpNumThreads", "1")
                .optOption("intraOpNumThreads", Integer.toString(threads))
                .build();
        return new TextEncoder(criteria.loadModel(), batchSize);
    }

    public int batchSize() {
        return batchSize;
    }

    /** One vector per text, in order; {@code texts} is at most one batch. */
    public List<float[]> encode(List<String> texts) throws TranslateException {
        return predictor.batchPredict(texts);
    }

    /**
     * One vector per text, in the order given. Texts go through the model in batches of similar
     * length (shortest first), so a batch pads little; {@code beforeBatch} runs before each batch
     * with the number of texts done so far (to check the run's lease, to log progress).
     */
    public float[][] encodeAll(List<String> texts, IntConsumer beforeBatch) throws TranslateException {
        Integer[] order = new Integer[texts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
        float[][] out = new float[texts.size()][];
        for (int from = 0; from < order.length; from += batchSize) {
            beforeBatch.accept(from);
            int to = Math.min(order.length, from + batchSize);
            List<String> batch = new ArrayList<>(to - from);
            for (int p = from; p < to; p++) {
                batch.add(texts.get(order[p]));
            }
            List<float[]> vectors = encode(batch);
            for (int p = from; p < to; p++) {
                out[order[p]] = vectors.get(p - from);
            }
        }
        return out;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
