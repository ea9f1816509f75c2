package io.recsys.bench;

import io.recsys.math.CsrMatrix;
import io.recsys.math.Dense;
import io.recsys.math.Factors;
import io.recsys.math.als.Cholesky;
import io.recsys.math.als.FoldIn;
import io.recsys.math.als.ImplicitAls;
import io.recsys.math.bpr.Bpr;
import io.recsys.math.eval.TopK;
import io.recsys.math.retrieval.ExactTopK;
import io.recsys.math.retrieval.QuantizedItems;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hot kernels. Run: {@code java --add-modules jdk.incubator.vector -jar recsys-bench/target/benchmarks.jar}
 * (add {@code -p factors=64} etc. to pick parameters).
 */
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class KernelBenchmarks {

    /** One full ALS sweep (users then items) on a Gowalla-sized matrix. */
    @State(Scope.Benchmark)
    public static class AlsState {
        @Param({"64"})
        int factors;

        ImplicitAls als;

        @Setup(Level.Trial)
        public void setup() {
            CsrMatrix m = Data.interactions(30_000, 41_000, 27, 1);
            als = new ImplicitAls(
                    new ImplicitAls.Params(
                            factors,
                            0.01,
                            20,
                            ImplicitAls.Solver.CONJUGATE_GRADIENT,
                            3,
                            false,
                            1,
                            Runtime.getRuntime().availableProcessors()),
                    m);
        }

        @TearDown
        public void close() {
            als.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void alsSweep(AlsState s) {
        s.als.iterate();
    }

    /**
     * Folding one fresh shopper into a served ALS model (Gowalla-sized item table, k = 64): their
     * {@code events} items, one k × k Cholesky solve (serving's fold-in; the goal is under 1 ms).
     */
    @State(Scope.Thread)
    public static class FoldInState {
        @Param({"64"})
        int factors;

        @Param({"5", "50"})
        int events;

        FoldIn foldIn;
        int[] items;
        float[] values;
        float[] out;

        @Setup(Level.Trial)
        public void setup() {
            Factors y = Factors.random(41_000, factors, 0.1, 3);
            foldIn = new FoldIn(y, 0.01, 20, false);
            java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
            items = new int[events];
            values = new float[events];
            java.util.Set<Integer> distinct = new java.util.LinkedHashSet<>();
            while (distinct.size() < events) {
                distinct.add(rng.nextInt(41_000));
            }
            int i = 0;
            for (int item : distinct) {
                items[i] = item;
                values[i++] = 1 + rng.nextInt(5);
            }
            out = new float[factors];
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float[] foldIn(FoldInState s) {
        s.foldIn.solve(s.items, s.values, s.events, s.out);
        return s.out;
    }

    /** One BPR epoch (one pass over about 810 K positives). */
    @State(Scope.Benchmark)
    public static class BprState {
        @Param({"64"})
        int factors;

        Bpr bpr;
        long samples;

        @Setup(Level.Trial)
        public void setup() {
            CsrMatrix m = Data.interactions(30_000, 41_000, 27, 2);
            bpr = new Bpr(
                    new Bpr.Params(
                            factors, 0.05, 0.0001, 0.0, 1, Runtime.getRuntime().availableProcessors()),
                    m,
                    null);
            samples = m.nnz();
        }

        @TearDown
        public void close() {
            bpr.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long bprEpoch(BprState s) {
        return s.bpr.epoch().samples();
    }

    /**
     * Scoring one user against 41 K items and keeping the top 20: every item's exact dot product
     * row by row, and what serving does (compact table for all, exact scores for the few that could
     * be in the top 20; same answer).
     */
    @State(Scope.Thread)
    public static class ScoringState {
        @Param({"64"})
        int factors;

        Factors users;
        Factors items;
        float[] scores;
        QuantizedItems compact;
        ExactTopK selector = new ExactTopK(20);
        TopK top = new TopK(20);
        int[] out = new int[20];
        float[] outScores = new float[20];
        int user;

        @Setup(Level.Trial)
        public void setup() {
            users = Factors.random(1000, factors, 0.1, 3);
            items = Factors.random(41_000, factors, 0.1, 4);
            scores = new float[items.rows()];
            compact = QuantizedItems.of(items);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int scoreAndTopK(ScoringState s) {
        int u = s.user++ % s.users.rows();
        int k = s.factors;
        for (int i = 0; i < s.scores.length; i++) {
            s.scores[i] = Dense.dot(s.users.data(), u * k, s.items.data(), i * k, k);
        }
        s.top.clear();
        for (int i = 0; i < s.scores.length; i++) {
            s.top.offer(i, s.scores[i]);
        }
        return s.top.drainBestFirst(s.out);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int scoreCompactExactTopK(ScoringState s) {
        int u = s.user++ % s.users.rows();
        return s.selector.select(s.compact, s.items, s.users.data(), u * s.factors, 20, null, -1, s.out, s.outScores);
    }

    /** An exact k x k solve, as ALS's Cholesky solver does per row. */
    @State(Scope.Thread)
    public static class CholeskyState {
        @Param({"64"})
        int factors;

        double[] spd;
        double[] rhs;
        Cholesky solver;

        @Setup(Level.Trial)
        public void setup() {
            int k = factors;
            Factors f = Factors.random(4 * k, k, 1.0, 5);
            spd = new double[k * k];
            for (int r = 0; r < f.rows(); r++) {
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        spd[i * k + j] += (double) f.data()[r * k + i] * f.data()[r * k + j];
                    }
                }
            }
            for (int i = 0; i < k; i++) {
                spd[i * k + i] += 0.1;
            }
            rhs = new double[k];
            java.util.Arrays.fill(rhs, 1.0);
            solver = new Cholesky(k);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void choleskySolve(CholeskyState s, Blackhole bh) {
        System.arraycopy(s.spd, 0, s.solver.matrix(), 0, s.spd.length);
        double[] b = s.rhs.clone();
        s.solver.solve(b);
        bh.consume(b);
    }
}
