package io.recsys.math.als;

import io.recsys.math.CsrMatrix;
import io.recsys.math.Dense;
import io.recsys.math.Factors;
import io.recsys.math.Parallel;
import java.util.concurrent.ForkJoinPool;

/**
 * Alternating least squares for implicit feedback (Hu, Koren &amp; Volinsky, "Collaborative Filtering
 * for Implicit Feedback Datasets", ICDM 2008).
 *
 * <p>Notation, as in the code: {@code R} is the users × items matrix of observations {@code r_ui}
 * (here the data stage's confidence, rating + comment quality); preference {@code p_ui = 1} where
 * {@code r_ui > 0}, else 0; confidence {@code c_ui = 1 + α r_ui} (1 where unobserved). With user
 * factors {@code X} (rows {@code x_u}) and item factors {@code Y} (rows {@code y_i}), ALS minimises
 * <pre>  Σ_{u,i} c_ui (p_ui − x_uᵀ y_i)² + λ (Σ_u |x_u|² + Σ_i |y_i|²)</pre>
 * by alternately solving, for every user with {@code Y} fixed (and symmetrically for items),
 * <pre>  (YᵀY + Σ_{i∈R(u)} (c_ui − 1) y_i y_iᵀ + λ I) x_u = Σ_{i∈R(u)} c_ui y_i.</pre>
 * {@code YᵀY} is computed once per half-sweep and shared by every row; λ goes on the diagonal only.
 * The system is solved either exactly ({@link Solver#CHOLESKY}) or approximately by a few steps of
 * conjugate gradient started from the current {@code x_u}, never forming the matrix
 * ({@link Solver#CONJUGATE_GRADIENT}; Takács, Pilászy &amp; Tikk, "Applications of the conjugate
 * gradient method for implicit feedback collaborative filtering", RecSys 2011). Rows are solved in
 * parallel, each thread with its own workspace; results do not depend on the thread count.
 */
public final class ImplicitAls implements AutoCloseable {

    public enum Solver {
        CONJUGATE_GRADIENT,
        CHOLESKY
    }

    /**
     * @param scaleRegularization multiply λ by the row's number of observations (Spark MLlib's
     *                            convention) instead of using λ as is (implicit's)
     */
    public record Params(
            int factors,
            double regularization,
            double alpha,
            Solver solver,
            int cgSteps,
            boolean scaleRegularization,
            long seed,
            int threads) {
        public Params {
            if (factors < 1) {
                throw new IllegalArgumentException("factors must be >= 1, got " + factors);
            }
            if (!(regularization >= 0)) {
                throw new IllegalArgumentException("regularization must be >= 0, got " + regularization);
            }
            if (!(alpha >= 0)) {
                throw new IllegalArgumentException("alpha must be >= 0, got " + alpha);
            }
            if (cgSteps < 1) {
                throw new IllegalArgumentException("cgSteps must be >= 1, got " + cgSteps);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
        }

        public static Params defaults(int factors, long seed) {
            return new Params(
                    factors,
                    0.1,
                    5,
                    Solver.CONJUGATE_GRADIENT,
                    3,
                    false,
                    seed,
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private static final int BLOCK = 256;
    /** Entries per chunk of a row: 32 rows of k=192 floats fill 24 KB, within a 32 KB L1. */
    private static final int CHUNK = 32;

    private final Params p;
    private final CsrMatrix userItems;
    private final CsrMatrix itemUsers;
    private final Factors users;
    private final Factors items;
    private final ForkJoinPool pool;

    /** Starts from random factors (N(0, 0.01²), seeded). */
    public ImplicitAls(Params params, CsrMatrix observations) {
        this(
                params,
                observations,
                Factors.random(observations.rows(), params.factors(), 0.01, params.seed()),
                Factors.random(observations.cols(), params.factors(), 0.01, params.seed() + 1));
    }

    /** Starts from the given factors (warm start, checkpoints); they are updated in place. */
    public ImplicitAls(Params params, CsrMatrix observations, Factors users, Factors items) {
        if (users.rows() != observations.rows()
                || items.rows() != observations.cols()
                || users.k() != params.factors()
                || items.k() != params.factors()) {
            throw new IllegalArgumentException(
                    "factor shapes " + users.rows() + "x" + users.k() + " and " + items.rows()
                            + "x" + items.k() + " do not fit a " + observations.rows() + "x" + observations.cols()
                            + " matrix with k=" + params.factors());
        }
        this.p = params;
        this.userItems = observations;
        this.itemUsers = Transpose.of(observations);
        this.users = users;
        this.items = items;
        this.pool = new ForkJoinPool(params.threads());
    }

    public Factors userFactors() {
        return users;
    }

    public Factors itemFactors() {
        return items;
    }

    /** One sweep: every user with items fixed, then every item with users fixed. */
    public void iterate() {
        solveUsers();
        solveItems();
    }

    /** Half a sweep: user factors given the item factors. */
    public void solveUsers() {
        solveSide(userItems, users, items);
    }

    /** Half a sweep: item factors given the user factors. */
    public void solveItems() {
        solveSide(itemUsers, items, users);
    }

    private void solveSide(CsrMatrix r, Factors solve, Factors fixed) {
        double[] gram = gramian(fixed);
        float[] gramF = new float[gram.length];
        for (int i = 0; i < gram.length; i++) {
            gramF[i] = (float) gram[i];
        }
        int blocks = (r.rows() + BLOCK - 1) / BLOCK;
        parallel(blocks, b -> {
            Workspace w = new Workspace(p.factors());
            int end = Math.min(r.rows(), (b + 1) * BLOCK);
            for (int row = b * BLOCK; row < end; row++) {
                if (p.solver() == Solver.CHOLESKY) {
                    solveExact(r, row, solve, fixed, gram, w);
                } else {
                    solveConjugateGradient(r, row, solve, fixed, gramF, w);
                }
            }
        });
    }

    private double lambda(CsrMatrix r, int row) {
        return p.scaleRegularization() ? p.regularization() * r.rowNnz(row) : p.regularization();
    }

    private void solveExact(CsrMatrix r, int row, Factors solve, Factors fixed, double[] gram, Workspace w) {
        int k = p.factors();
        double[] b = w.x;
        FoldIn.solveRow(gram, fixed.data(), k, lambda(r, row), p.alpha(), r, row, w.cholesky, b);
        float[] x = solve.data();
        int ox = row * k;
        for (int i = 0; i < k; i++) {
            x[ox + i] = (float) b[i];
        }
    }

    private void solveConjugateGradient(CsrMatrix r, int row, Factors solve, Factors fixed, float[] gram, Workspace w) {
        // Float32 throughout, as implicit does: half the memory traffic of double. Passes over the
        // row's entries compute all dot products before accumulating (see accumulate), so fetches
        // of the fixed side's rows, which rarely fit in cache, overlap instead of waiting on each
        // other, and the accumulator stays in registers.
        int k = p.factors();
        float[] xs = solve.data();
        float[] y = fixed.data();
        int ox = row * k;
        float[] x = w.xf;
        float[] res = w.rf;
        float[] dir = w.pf;
        float[] ap = w.apf;
        float lambda = (float) lambda(r, row);
        float alpha = (float) p.alpha();
        int start = r.rowStart(row);
        int n = r.rowNnz(row);
        float[] extra = w.extraConfidence(n); // c − 1 = α r per entry
        float[] s = w.scalars(n);
        for (int j = 0; j < n; j++) {
            extra[j] = alpha * r.valueAt(start + j);
        }
        System.arraycopy(xs, ox, x, 0, k);
        // res = b - A x = -(YᵀY + λI) x + Σ (c - (c - 1) y·x) y
        Dense.multiplySymmetric(gram, x, res, k);
        for (int i = 0; i < k; i++) {
            res[i] = -res[i] - lambda * x[i];
        }
        accumulate(r, start, n, y, k, x, extra, s, true, res);
        System.arraycopy(res, 0, dir, 0, k);
        float rsOld = Dense.dot(res, 0, res, 0, k);
        for (int step = 0; step < p.cgSteps() && rsOld > 1e-20f; step++) {
            // ap = (YᵀY + λI) dir + Σ (c - 1) (y·dir) y
            Dense.multiplySymmetric(gram, dir, ap, k);
            for (int i = 0; i < k; i++) {
                ap[i] += lambda * dir[i];
            }
            accumulate(r, start, n, y, k, dir, extra, s, false, ap);
            float a = rsOld / Dense.dot(dir, 0, ap, 0, k);
            for (int i = 0; i < k; i++) {
                x[i] += a * dir[i];
                res[i] -= a * ap[i];
            }
            float rsNew = Dense.dot(res, 0, res, 0, k);
            float beta = rsNew / rsOld;
            for (int i = 0; i < k; i++) {
                dir[i] = res[i] + beta * dir[i];
            }
            rsOld = rsNew;
        }
        System.arraycopy(x, 0, xs, ox, k);
    }

    /**
     * acc += Σ_q w_q y_q over the row's n entries from {@code start}, with w_q = (c_q − 1)(y_q·v), or
     * for the residual c_q − (c_q − 1)(y_q·v). Chunk by chunk: the chunk's dot products, then one
     * accumulation while its rows are still in L1. A method of its own, so the JIT compiles it
     * early and apart from the solver around it.
     */
    private static void accumulate(
            CsrMatrix r,
            int start,
            int n,
            float[] y,
            int k,
            float[] v,
            float[] extra,
            float[] s,
            boolean residual,
            float[] acc) {
        for (int c = 0; c < n; c += CHUNK) {
            int e = Math.min(n, c + CHUNK);
            Dense.gatherDots(r, start + c, start + e, y, k, v, s, c);
            if (residual) {
                for (int j = c; j < e; j++) {
                    s[j] = 1 + extra[j] - extra[j] * s[j];
                }
            } else {
                for (int j = c; j < e; j++) {
                    s[j] *= extra[j];
                }
            }
            Dense.gatherAxpy(r, start + c, start + e, y, k, s, c, acc);
        }
    }

    private static void multiplyGram(double[] g, double[] v, double[] out, int k) {
        for (int i = 0; i < k; i++) {
            double s = 0;
            int ri = i * k;
            for (int j = 0; j < k; j++) {
                s += g[ri + j] * v[j];
            }
            out[i] = s;
        }
    }

    private static double dot(double[] a, double[] b, int k) {
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * YᵀY: float32 partial sums per block of rows (SIMD outer products), added in double in a fixed
     * block order, so the result does not depend on the thread count.
     */
    double[] gramian(Factors f) {
        int k = f.k();
        int rowsPerBlock = BLOCK * 4;
        int blocks = (f.rows() + rowsPerBlock - 1) / rowsPerBlock;
        float[][] partial = new float[blocks][];
        float[] d = f.data();
        parallel(blocks, b -> {
            float[] g = new float[k * k];
            int end = Math.min(f.rows(), (b + 1) * rowsPerBlock);
            for (int row = b * rowsPerBlock; row < end; row += 64) {
                Dense.addOuterRows(d, row, Math.min(end, row + 64), k, g);
            }
            partial[b] = g;
        });
        double[] gram = new double[k * k];
        for (float[] g : partial) {
            for (int i = 0; i < gram.length; i++) {
                gram[i] += g[i];
            }
        }
        return gram;
    }

    /**
     * The objective above divided by the number of (user, item) pairs weighted by confidence, as
     * {@code implicit} reports it: Σ_u [x_uᵀ YᵀY x_u + Σ_{i∈R(u)} (c_ui (1 − s)² − s²)] + λ(|X|² + |Y|²),
     * s = x_uᵀ y_i.
     */
    public double loss() {
        int k = p.factors();
        double[] gram = gramian(items);
        int blocks = (userItems.rows() + BLOCK - 1) / BLOCK;
        double[] parts = new double[blocks];
        double[] confidence = new double[blocks];
        float[] x = users.data();
        float[] y = items.data();
        parallel(blocks, b -> {
            double[] tmp = new double[k];
            double[] xu = new double[k];
            double sum = 0;
            double conf = 0;
            int end = Math.min(userItems.rows(), (b + 1) * BLOCK);
            for (int u = b * BLOCK; u < end; u++) {
                int ou = u * k;
                for (int i = 0; i < k; i++) {
                    xu[i] = x[ou + i];
                }
                multiplyGram(gram, xu, tmp, k);
                double reg = lambda(userItems, u);
                sum += dot(xu, tmp, k) + reg * dot(xu, xu, k);
                for (int q = userItems.rowStart(u); q < userItems.rowEnd(u); q++) {
                    double c = 1 + p.alpha() * userItems.valueAt(q);
                    int oi = userItems.columnAt(q) * k;
                    double s = 0;
                    for (int i = 0; i < k; i++) {
                        s += xu[i] * y[oi + i];
                    }
                    sum += c * (1 - s) * (1 - s) - s * s;
                    conf += c;
                }
            }
            parts[b] = sum;
            confidence[b] = conf;
        });
        double total = 0;
        double totalConfidence = 0;
        for (int b = 0; b < blocks; b++) {
            total += parts[b];
            totalConfidence += confidence[b];
        }
        for (int i = 0; i < items.rows(); i++) {
            total += lambda(itemUsers, i) * items.dot(i, items, i);
        }
        double pairs = (double) userItems.rows() * userItems.cols() - userItems.nnz() + totalConfidence;
        return total / pairs;
    }

    private void parallel(int tasks, java.util.function.IntConsumer body) {
        Parallel.forEach(pool, tasks, body);
    }

    @Override
    public void close() {
        pool.shutdown();
    }

    private static final class Workspace {
        final double[] x;
        final Cholesky cholesky;
        final float[] xf;
        final float[] rf;
        final float[] pf;
        final float[] apf;
        private float[] extra = new float[64];
        private float[] scalars = new float[64];

        Workspace(int k) {
            xf = new float[k];
            rf = new float[k];
            pf = new float[k];
            apf = new float[k];
            x = new double[k];
            cholesky = new Cholesky(k);
        }

        float[] extraConfidence(int n) {
            if (extra.length < n) {
                extra = new float[Math.max(n, 2 * extra.length)];
            }
            return extra;
        }

        float[] scalars(int n) {
            if (scalars.length < n) {
                scalars = new float[Math.max(n, 2 * scalars.length)];
            }
            return scalars;
        }
    }
}
