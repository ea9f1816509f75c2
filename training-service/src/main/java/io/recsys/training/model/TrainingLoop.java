package io.recsys.training.model;

import io.recsys.math.CsrMatrix;
import io.recsys.math.Factors;
import io.recsys.math.eval.FactorScorer;
import io.recsys.math.eval.RankingEvaluator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs an {@link IterativeModel}: steps, per-iteration loss and validation metric, early stopping
 * on validation Recall@k, checkpoints every n steps and resumption from the latest one. Resuming
 * gives the same factors as an uninterrupted run: a step's randomness depends only on its index.
 */
public final class TrainingLoop {

    /** Validation: the items held out of train, ranked with the reduced train excluded. */
    public record Validation(CsrMatrix exclude, CsrMatrix heldOut, int k, int every) {}

    public record IterationRecord(int iteration, Double loss, Double validationMetric, double seconds) {}

    /** Receives every iteration as it ends (the stage records it in Postgres). */
    @FunctionalInterface
    public interface Listener {
        void onIteration(IterationRecord record) throws Exception;
    }

    public record Outcome(
            Factors users,
            Factors items,
            int iterationsRun,
            boolean stoppedEarly,
            int resumedFrom,
            Double bestValidation,
            int bestIteration,
            List<IterationRecord> history) {}

    private final int threads;

    public TrainingLoop(int threads) {
        this.threads = threads;
    }

    public Outcome run(
            IterativeModel model,
            int iterations,
            Validation validation,
            EarlyStopping es,
            Checkpoints checkpoints,
            int checkpointEvery,
            Listener listener,
            BooleanSupplier alive)
            throws Exception {
        int start = 0;
        Optional<Checkpoints.Saved> saved = checkpoints == null ? Optional.empty() : checkpoints.latest();
        if (saved.isPresent()) {
            Checkpoints.Saved s = saved.get();
            copy(s.users(), model.users());
            copy(s.items(), model.items());
            start = s.iteration();
            if (es != null && s.bestUsers() != null) {
                es.restore(
                        ((Number) s.state().get("best_metric")).doubleValue(),
                        ((Number) s.state().get("best_iteration")).intValue(),
                        ((Number) s.state().get("since_best")).intValue(),
                        s.bestUsers(),
                        s.bestItems());
            }
        }
        List<IterationRecord> history = new ArrayList<>();
        boolean stopped = false;
        int it = start;
        while (it < iterations && !stopped) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("the run lost its lease; stopping training");
            }
            it++;
            long t = System.nanoTime();
            model.step(it);
            Double loss = model.loss();
            Double metric = null;
            if (validation != null && it % validation.every() == 0) {
                metric = RankingEvaluator.evaluate(
                                new FactorScorer(model.users(), model.items()),
                                validation.exclude(),
                                validation.heldOut(),
                                new int[] {validation.k()},
                                threads)
                        .get("recall@" + validation.k());
                if (es != null) {
                    stopped = es.update(it, metric, model.users(), model.items());
                }
            }
            IterationRecord record = new IterationRecord(it, loss, metric, (System.nanoTime() - t) / 1e9);
            history.add(record);
            listener.onIteration(record);
            if (checkpoints != null
                    && checkpointEvery > 0
                    && it % checkpointEvery == 0
                    && it < iterations
                    && !stopped) {
                checkpoints.save(it, model.users(), model.items(), es);
            }
        }
        Factors users = model.users();
        Factors items = model.items();
        if (es != null && es.hasBest()) {
            users = es.bestUsers();
            items = es.bestItems();
        }
        return new Outcome(
                users,
                items,
                it,
                stopped,
                start,
                es != null && es.hasBest() ? es.best() : null,
                es != null ? es.bestIteration() : it,
                history);
    }

    private static void copy(Factors from, Factors to) throws IOException {
        if (from.rows() != to.rows() || from.k() != to.k()) {
            throw new IOException(
                    "checkpoint shape " + from.rows() + "x" + from.k() + " does not match " + to.rows() + "x" + to.k());
        }
        System.arraycopy(from.data(), 0, to.data(), 0, from.data().length);
    }
}
