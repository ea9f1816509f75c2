package io.recsys.training.model;

import io.recsys.math.Factors;

/**
 * Stops when the validation metric has not improved by more than {@code minDelta} for
 * {@code patience} evaluations, and remembers the factors of the best evaluation.
 */
public final class EarlyStopping {
    private final int patience;
    private final double minDelta;
    private double best = Double.NEGATIVE_INFINITY;
    private int bestIteration = -1;
    private int sinceBest;
    private Factors bestUsers;
    private Factors bestItems;

    public EarlyStopping(int patience, double minDelta) {
        this.patience = patience;
        this.minDelta = minDelta;
    }

    /** Records an evaluation; true when training should stop. */
    public boolean update(int iteration, double metric, Factors users, Factors items) {
        if (metric > best + minDelta || bestIteration < 0) {
            best = metric;
            bestIteration = iteration;
            sinceBest = 0;
            bestUsers = users.copy();
            bestItems = items.copy();
        } else {
            sinceBest++;
        }
        return sinceBest >= patience;
    }

    public void restore(double best, int bestIteration, int sinceBest, Factors bestUsers, Factors bestItems) {
        this.best = best;
        this.bestIteration = bestIteration;
        this.sinceBest = sinceBest;
        this.bestUsers = bestUsers;
        this.bestItems = bestItems;
    }

    public boolean hasBest() {
        return bestIteration >= 0;
    }

    public double best() {
        return best;
    }

    public int bestIteration() {
        return bestIteration;
    }

    public int sinceBest() {
        return sinceBest;
    }

    public Factors bestUsers() {
        return bestUsers;
    }

    public Factors bestItems() {
        return bestItems;
    }
}
