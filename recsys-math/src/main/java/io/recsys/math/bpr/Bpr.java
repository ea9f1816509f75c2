package io.recsys.math.bpr;

import io.recsys.math.CsrMatrix;
import io.recsys.math.Dense;
import io.recsys.math.Factors;
import io.recsys.math.Parallel;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * Bayesian personalised ranking (Rendle, Freudenthaler, Gantner &amp; Schmidt-Thieme, "BPR: Bayesian
 * Personalized Ranking from Implicit Feedback", UAI 2009), trained by stochastic gradient ascent on
 * <pre>  Σ_{(u,i,j)} ln σ(x̂_uij) − λ (|x_u|² + |y_i|² + |y_j|² + b_i² + b_j²),   x̂_uij = x̂_ui − x̂_uj,</pre>
 * with {@code x̂_ui = x_uᵀ y_i + b_i}. An epoch visits every observed pair (u, i) once and draws a
 * negative j for it: with probability {@code hardNegativeShare} one of the user's hard
 * negatives (items the user rated low), otherwise an item drawn uniformly; j must not be a positive
 * of u. Threads update the shared factors without locks (Hogwild!, Niu et al. 2011): with one
 * thread a seed gives identical factors; with several, updates interleave and results vary slightly.
 *
 * <p>The item bias is stored as the last factor column, with the users' last column fixed at 1, so
 * scoring is a plain dot product: factor tables have {@code factors + 1} columns.
 */
public final class Bpr implements AutoCloseable {

    public record Params(
            int factors, double learningRate, double regularization, double hardNegativeShare, long seed, int threads) {
        public Params {
            if (factors < 1
                    || !(learningRate > 0)
                    || !(regularization >= 0)
                    || !(hardNegativeShare >= 0)
                    || hardNegativeShare > 1
                    || threads < 1) {
                throw new IllegalArgumentException("invalid BPR parameters: " + factors + " factors, learning rate "
                        + learningRate + ", regularization " + regularization + ", hard-negative share "
                        + hardNegativeShare + ", " + threads + " threads");
            }
        }
    }

    /** One epoch: samples drawn, samples skipped (no valid negative), mean −ln σ(x̂_uij) (on every 8th sample). */
    public record EpochStats(int epoch, long samples, long skipped, double meanLoss) {}

    private final Params p;
    private final CsrMatrix positives;
    private final CsrMatrix hardNegatives;
    private final Factors users;
    private final Factors items;
    private final ForkJoinPool pool;
    private int epoch;

    public Bpr(Params params, CsrMatrix positives, CsrMatrix hardNegatives) {
        this(
                params,
                positives,
                hardNegatives,
                initialUsers(positives.rows(), params),
                Factors.random(positives.cols(), params.factors() + 1, 0.01, params.seed() + 1));
    }

    public Bpr(Params params, CsrMatrix positives, CsrMatrix hardNegatives, Factors users, Factors items) {
        if (users.k() != params.factors() + 1
                || items.k() != params.factors() + 1
                || users.rows() != positives.rows()
                || items.rows() != positives.cols()) {
            throw new IllegalArgumentException("BPR factor tables must be " + positives.rows() + "x"
                    + (params.factors() + 1) + " and " + positives.cols() + "x" + (params.factors() + 1));
        }
        if (hardNegatives != null
                && (hardNegatives.rows() != positives.rows() || hardNegatives.cols() != positives.cols())) {
            throw new IllegalArgumentException("hard negatives must have the shape of the positives");
        }
        this.p = params;
        this.positives = positives;
        this.hardNegatives = hardNegatives;
        this.users = users;
        this.items = items;
        this.pool = new ForkJoinPool(params.threads());
    }

    private static Factors initialUsers(int rows, Params p) {
        return withBiasColumn(Factors.random(rows, p.factors() + 1, 0.01, p.seed()));
    }

    /** Sets the users' last column to 1, the constant that multiplies the item bias. */
    public static Factors withBiasColumn(Factors users) {
        int k = users.k();
        for (int u = 0; u < users.rows(); u++) {
            users.data()[u * k + k - 1] = 1f;
        }
        return users;
    }

    public Factors userFactors() {
        return users;
    }

    public Factors itemFactors() {
        return items;
    }

    /** Sets the index of the next epoch (its random stream), e.g. when resuming from a checkpoint. */
    public void startAt(int epochIndex) {
        this.epoch = epochIndex;
    }

    /**
     * One epoch: every observed (u, i) once, each with a fresh negative. Users are visited in a
     * seeded random order, split between threads; a user's positives are visited in a row, so the
     * user's factors and row stay in cache and only the two item rows are random reads.
     */
    public EpochStats epoch() {
        int e = epoch++;
        int threads = p.threads();
        int[] order = userOrder(e);
        long[] done = new long[threads];
        long[] skipped = new long[threads];
        double[] loss = new double[threads];
        long[] lossCount = new long[threads];
        run(threads, t -> {
            SplittableRandom rng = new SplittableRandom(p.seed() ^ (0x9E3779B97F4A7C15L * (e + 1)) ^ (31L * t + 7));
            int from = (int) ((long) order.length * t / threads);
            int to = (int) ((long) order.length * (t + 1) / threads);
            int k = p.factors() + 1;
            float[] x = users.data();
            float[] y = items.data();
            float lr = (float) p.learningRate();
            float reg = (float) p.regularization();
            double l = 0;
            long lossSamples = 0;
            long skip = 0;
            long count = 0;
            for (int pos = from; pos < to; pos++) {
                int u = order[pos];
                int ou = u * k;
                for (int q = positives.rowStart(u); q < positives.rowEnd(u); q++) {
                    int i = positives.columnAt(q);
                    int j = negative(u, rng);
                    if (j < 0) {
                        skip++;
                        continue;
                    }
                    count++;
                    int oi = i * k;
                    int oj = j * k;
                    float diff = Dense.dotDifference(x, ou, y, oi, oj, k);
                    double ex = Math.exp(diff);
                    float z = (float) (1.0 / (1.0 + ex));
                    if ((count & 7) == 0) { // the loss is for reporting: estimate it on every 8th sample
                        l += Math.log1p(1.0 / ex);
                        lossSamples++;
                    }
                    // The last column is the bias: the user side stays 1, so only the first k-1 move here.
                    Dense.bprUpdate(x, ou, y, oi, oj, k - 1, lr * z, lr * reg);
                    int b = k - 1;
                    y[oi + b] += lr * (z - reg * y[oi + b]);
                    y[oj + b] += lr * (-z - reg * y[oj + b]);
                }
            }
            done[t] = count;
            skipped[t] = skip;
            loss[t] = l;
            lossCount[t] = lossSamples;
        });
        long total = Arrays.stream(done).sum();
        double sum = Arrays.stream(loss).sum();
        long counted = Arrays.stream(lossCount).sum();
        return new EpochStats(e + 1, total, Arrays.stream(skipped).sum(), counted == 0 ? 0 : sum / counted);
    }

    /** Users with positives, in a random order fixed by the seed and the epoch. */
    private int[] userOrder(int e) {
        int n = 0;
        for (int u = 0; u < positives.rows(); u++) {
            if (positives.rowNnz(u) > 0) {
                n++;
            }
        }
        int[] order = new int[n];
        int o = 0;
        for (int u = 0; u < positives.rows(); u++) {
            if (positives.rowNnz(u) > 0) {
                order[o++] = u;
            }
        }
        SplittableRandom rng = new SplittableRandom(p.seed() * 0x2545F4914F6CDD1DL + e);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    /** A negative item for u, or -1 when none was found in a few draws. */
    private int negative(int u, SplittableRandom rng) {
        for (int attempt = 0; attempt < 8; attempt++) {
            int j;
            if (hardNegatives != null && hardNegatives.rowNnz(u) > 0 && rng.nextDouble() < p.hardNegativeShare()) {
                j = hardNegatives.columnAt(hardNegatives.rowStart(u) + rng.nextInt(hardNegatives.rowNnz(u)));
            } else {
                j = rng.nextInt(positives.cols());
            }
            if (!positives.contains(u, j)) {
                return j;
            }
        }
        return -1;
    }

    private void run(int tasks, java.util.function.IntConsumer body) {
        Parallel.forEach(pool, tasks, body);
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
