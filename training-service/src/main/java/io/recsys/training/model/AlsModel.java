package io.recsys.training.model;

import io.recsys.math.CsrMatrix;
import io.recsys.math.Factors;
import io.recsys.math.als.ImplicitAls;

/** ALS as an {@link IterativeModel}; a step is one full sweep (users, then items). */
public final class AlsModel implements IterativeModel {
    private final ImplicitAls als;

    public AlsModel(ImplicitAls.Params params, CsrMatrix observations, Factors users, Factors items) {
        this.als = new ImplicitAls(params, observations, users, items);
    }

    @Override
    public void step(int index) {
        als.iterate();
    }

    @Override
    public Double loss() {
        return als.loss();
    }

    @Override
    public Factors users() {
        return als.userFactors();
    }

    @Override
    public Factors items() {
        return als.itemFactors();
    }

    @Override
    public void close() {
        als.close();
    }
}
