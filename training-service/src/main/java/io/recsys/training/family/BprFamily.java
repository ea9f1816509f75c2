package io.recsys.training.family;

import io.recsys.core.registry.ModelType;
import io.recsys.core.registry.ModelVersion;
import io.recsys.math.Factors;
import io.recsys.math.bpr.Bpr;
import io.recsys.training.config.TrainingConfig;
import io.recsys.training.data.TrainingData;
import io.recsys.training.data.ValidationSplit;
import io.recsys.training.model.BprModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** BPR on the positives with hard negatives; the last factor column carries the item bias. */
@ApplicationScoped
public class BprFamily implements ModelFamily {
    private final TrainingConfig config;
    private final WarmStart warmStart;

    public BprFamily(TrainingConfig config, WarmStart warmStart) {
        this.config = config;
        this.warmStart = warmStart;
    }

    @Override
    public ModelType type() {
        return ModelType.BPR;
    }

    @Override
    public Prepared prepare(TrainingData data, ValidationSplit split, Optional<ModelVersion> champion, int threads) {
        TrainingConfig.Bpr c = config.bpr();
        long seed = config.seed();
        Bpr.Params p =
                new Bpr.Params(c.factors(), c.learningRate(), c.regularization(), c.hardNegativeShare(), seed, threads);
        Map<String, Object> params = new TreeMap<>();
        params.put("factors", c.factors());
        params.put("learning_rate", c.learningRate());
        params.put("regularization", c.regularization());
        params.put("hard_negative_share", c.hardNegativeShare());
        Factors users = Bpr.withBiasColumn(Factors.random(data.userIds().size(), c.factors() + 1, 0.01, seed));
        Factors items = Factors.random(data.itemIds().size(), c.factors() + 1, 0.01, seed + 1);
        String warmFrom = warmStart.apply(champion, this, data, users, items);
        int iterations = c.epochs();
        if (warmFrom != null) {
            Bpr.withBiasColumn(users); // the constant 1 stays 1 whatever the copied rows held
            iterations = config.warmStart().bprEpochs();
        }
        BprModel model = new BprModel(
                p,
                split != null ? split.binary() : data.binary(),
                split != null ? split.hardNegatives() : data.hardNegatives(),
                users,
                items);
        return new Prepared(model, params, iterations, config.earlyStopping().bprEvery(), warmFrom);
    }
}
