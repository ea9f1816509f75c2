package io.recsys.serving.model;

import io.recsys.core.deploy.CanarySplit;

/** The canary this replica serves: the model, the share of users it answers, the alias generation. */
public record CanaryModel(ServedModel model, double share, long generation) {

    public boolean serves(String userId) {
        return CanarySplit.inCanary(model.modelId(), userId, share);
    }
}
