package io.recsys.training.model;

import io.recsys.math.CsrMatrix;
import io.recsys.math.Factors;
import io.recsys.math.bpr.Bpr;

/** BPR as an {@link IterativeModel}; a step is one epoch of nnz samples. */
public final class BprModel implements IterativeModel {
    private final Bpr bpr;
    private Double loss;

    public BprModel(Bpr.Params params, CsrMatrix positives, CsrMatrix hardNegatives, Factors users, Factors items) {
        this.bpr = new Bpr(params, positives, hardNegatives, users, items);
    }

    @Override
    public void step(int index) {
        bpr.startAt(index - 1);
        loss = bpr.epoch().meanLoss();
    }

    @Override
    public Double loss() {
        return loss;
    }

    @Override
    public Factors users() {
        return bpr.userFactors();
    }

    @Override
    public Factors items() {
        return bpr.itemFactors();
    }

    @Override
    public void close() {
        bpr.close();
    }
}
