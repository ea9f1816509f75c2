package io.recsys.training.family;

import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.registry.ModelType;
import io.recsys.core.registry.ModelVersion;
import io.recsys.math.Factors;
import io.recsys.math.als.ImplicitAls;
import io.recsys.training.config.TrainingConfig;
import io.recsys.training.data.TrainingData;
import io.recsys.training.data.ValidationSplit;
import io.recsys.training.model.AlsModel;
import io.recsys.training.model.ColdItemInit;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Implicit ALS on the confidence matrix; cold items may start from their text embeddings. */
@ApplicationScoped
public class AlsFamily implements ModelFamily {
    private final TrainingConfig config;
    private final WarmStart warmStart;
    private final ArtifactRegistry artifacts;
    private final ArtifactStore store;

    public AlsFamily(TrainingConfig config, WarmStart warmStart, ArtifactRegistry artifacts, ArtifactStore store) {
        this.config = config;
        this.warmStart = warmStart;
        this.artifacts = artifacts;
        this.store = store;
    }

    @Override
    public ModelType type() {
        return ModelType.ALS;
    }

    @Override
    public Prepared prepare(TrainingData data, ValidationSplit split, Optional<ModelVersion> champion, int threads) {
        TrainingConfig.Als c = config.als();
        long seed = config.seed();
        ImplicitAls.Params p = new ImplicitAls.Params(
                c.factors(),
                c.regularization(),
                c.alpha(),
                c.solver(),
                c.cgSteps(),
                c.scaleRegularization(),
                seed,
                threads);
        Map<String, Object> params = new TreeMap<>();
        params.put("factors", c.factors());
        params.put("regularization", c.regularization());
        params.put("alpha", c.alpha());
        params.put("solver", c.solver().name());
        params.put("cg_steps", c.cgSteps());
        params.put("scale_regularization", c.scaleRegularization());
        Factors users = Factors.random(data.userIds().size(), c.factors(), 0.01, seed);
        Factors items = Factors.random(data.itemIds().size(), c.factors(), 0.01, seed + 1);
        String warmFrom = warmStart.apply(champion, this, data, users, items);
        int iterations = warmFrom != null ? config.warmStart().alsIterations() : c.iterations();
        if (config.coldItems().enabled()) {
            params.put(
                    "cold_items_initialised",
                    ColdItemInit.apply(
                            artifacts,
                            store,
                            data.itemIds(),
                            data.confidence().columnCounts(),
                            items,
                            config.coldItems().threshold(),
                            config.coldItems().powerIterations(),
                            seed));
        }
        AlsModel model = new AlsModel(p, split != null ? split.confidence() : data.confidence(), users, items);
        return new Prepared(model, params, iterations, config.earlyStopping().alsEvery(), warmFrom);
    }
}
