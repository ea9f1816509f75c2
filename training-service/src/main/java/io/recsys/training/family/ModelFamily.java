package io.recsys.training.family;

import io.recsys.core.registry.ModelType;
import io.recsys.core.registry.ModelVersion;
import io.recsys.training.data.TrainingData;
import io.recsys.training.data.ValidationSplit;
import io.recsys.training.model.IterativeModel;
import java.util.Map;
import java.util.Optional;

/**
 * One kind of model the training stage can build (ALS, BPR, …): its parameters, its initial
 * factors (random, warm from the champion, cold items from embeddings) and its iterative model.
 * The stage runs, evaluates, publishes and promotes every family the same way; a new family is a new
 * bean of this type and a {@link ModelType}.
 */
public interface ModelFamily {
    ModelType type();

    /**
     * The model ready to train on {@code split} (its train part) when early stopping carves one,
     * else on all of {@code data}.
     *
     * @param champion the production model to warm-start from, when warm start is on (any family:
     *     {@link WarmStart} uses it only for its own)
     */
    Prepared prepare(TrainingData data, ValidationSplit split, Optional<ModelVersion> champion, int threads)
            throws Exception;

    /**
     * @param params        the hyper-parameters as the model card and registry record them
     * @param iterations    iterations (or epochs) to run at most
     * @param evaluateEvery iterations between validation evaluations for early stopping
     * @param warmStartFrom the champion whose factors the model starts from, or null
     */
    record Prepared(
            IterativeModel model,
            Map<String, Object> params,
            int iterations,
            int evaluateEvery,
            String warmStartFrom) {}
}
