package io.recsys.bench.gowalla;

import io.recsys.math.CsrMatrix;
import io.recsys.math.als.ImplicitAls;
import io.recsys.math.bpr.Bpr;
import io.recsys.math.eval.FactorScorer;
import io.recsys.math.eval.PopularityScorer;
import io.recsys.math.eval.RankingEvaluator;
import io.recsys.math.io.GowallaSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Quality and speed on the Gowalla split of NGCF/LightGCN (full ranking over all items not in the
 * user's train set, Recall@20 and NDCG@20 averaged over users with test items), next to the
 * published results. Run with {@code bench/gowalla.sh}; key=value arguments override defaults.
 */
public final class GowallaBenchmark {

    private GowallaBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("data", "../shared/datasets/gowalla-lightgcn");
        d.put("models", "pop,als,bpr");
        d.put("als.factors", "64");
        d.put("als.iterations", "15");
        d.put("als.regularization", "0.01");
        d.put("als.alpha", "20");
        d.put("als.solver", "CONJUGATE_GRADIENT");
        d.put("als.cg-steps", "3");
        d.put("bpr.factors", "64");
        d.put("bpr.epochs", "30");
        d.put("bpr.learning-rate", "0.05");
        d.put("bpr.regularization", "0.0001");
        d.put("threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
        d.put("seed", "42");
        d.put("report", "bench/results/gowalla.json");
        Map<String, String> o = BenchArgs.parse(args, d);
        GowallaSplit split = GowallaSplit.load(Path.of(o.get("data")));
        CsrMatrix train = split.train();
        CsrMatrix test = split.test();
        int threads = Integer.parseInt(o.get("threads"));
        long seed = Long.parseLong(o.get("seed"));
        int[] ks = {10, 20};
        System.out.printf(
                Locale.ROOT,
                "gowalla: %d users, %d items, %d train, %d test interactions, %d threads%n",
                train.rows(),
                train.cols(),
                train.nnz(),
                test.nnz(),
                threads);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "gowalla-lightgcn");
        report.put("command", "bench/gowalla.sh " + String.join(" ", args));
        report.put("date", Instant.now().toString());
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("settings", new LinkedHashMap<>(o));
        report.put(
                "published",
                Map.of(
                        "ItemPop",
                        List.of(0.0416, 0.0317),
                        "MF-BPR",
                        List.of(0.1627, 0.1378),
                        "EASE",
                        List.of(0.1765, 0.1467),
                        "LightGCN",
                        List.of(0.1830, 0.1550)));
        Map<String, Object> results = new LinkedHashMap<>();
        report.put("results", results);
        List<String> models = List.of(o.get("models").split(","));

        if (models.contains("pop")) {
            long t = System.nanoTime();
            RankingEvaluator.Result r =
                    RankingEvaluator.evaluate(new PopularityScorer(train), train, test, ks, threads);
            results.put("popularity", row(r, (System.nanoTime() - t) / 1e9, Map.of()));
            print("popularity", r);
        }
        if (models.contains("als")) {
            ImplicitAls.Params p = new ImplicitAls.Params(
                    Integer.parseInt(o.get("als.factors")),
                    Double.parseDouble(o.get("als.regularization")),
                    Double.parseDouble(o.get("als.alpha")),
                    ImplicitAls.Solver.valueOf(o.get("als.solver")),
                    Integer.parseInt(o.get("als.cg-steps")),
                    false,
                    seed,
                    threads);
            int iterations = Integer.parseInt(o.get("als.iterations"));
            try (ImplicitAls als = new ImplicitAls(p, train)) {
                List<Double> perIteration = new ArrayList<>();
                long start = System.nanoTime();
                for (int it = 0; it < iterations; it++) {
                    long t = System.nanoTime();
                    als.iterate();
                    perIteration.add((System.nanoTime() - t) / 1e9);
                }
                double trainSeconds = (System.nanoTime() - start) / 1e9;
                RankingEvaluator.Result r = RankingEvaluator.evaluate(
                        new FactorScorer(als.userFactors(), als.itemFactors()), train, test, ks, threads);
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("train_seconds", trainSeconds);
                extra.put("seconds_per_iteration", trainSeconds / iterations);
                extra.put("iteration_seconds", perIteration);
                // The first sweep also pays for JIT compilation of the SIMD kernels (they run boxed until C2 has them).
                double steady = perIteration.stream()
                        .skip(1)
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElse(trainSeconds);
                extra.put("seconds_per_iteration_after_first", steady);
                extra.put("loss", als.loss());
                results.put("als", row(r, trainSeconds, extra));
                print("als", r);
                System.out.printf(
                        Locale.ROOT,
                        "  als: %.3f s per iteration (%.3f s after the first)%n",
                        trainSeconds / iterations,
                        (double) extra.get("seconds_per_iteration_after_first"));
            }
        }
        if (models.contains("bpr")) {
            Bpr.Params p = new Bpr.Params(
                    Integer.parseInt(o.get("bpr.factors")),
                    Double.parseDouble(o.get("bpr.learning-rate")),
                    Double.parseDouble(o.get("bpr.regularization")),
                    0.0,
                    seed,
                    threads);
            int epochs = Integer.parseInt(o.get("bpr.epochs"));
            try (Bpr bpr = new Bpr(p, train, null)) {
                long samples = 0;
                long start = System.nanoTime();
                for (int e = 0; e < epochs; e++) {
                    samples += bpr.epoch().samples();
                }
                double trainSeconds = (System.nanoTime() - start) / 1e9;
                RankingEvaluator.Result r = RankingEvaluator.evaluate(
                        new FactorScorer(bpr.userFactors(), bpr.itemFactors()), train, test, ks, threads);
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("train_seconds", trainSeconds);
                extra.put("samples_per_second", samples / trainSeconds);
                results.put("bpr", row(r, trainSeconds, extra));
                print("bpr", r);
                System.out.printf(
                        Locale.ROOT, "  bpr: %.2f million samples per second%n", samples / trainSeconds / 1e6);
            }
        }
        String json = Json.write(report);
        System.out.println(json);
        Path out = Path.of(o.get("report"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json + "\n");
    }

    private static Map<String, Object> row(RankingEvaluator.Result r, double seconds, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recall@20", r.get("recall@20"));
        m.put("ndcg@20", r.get("ndcg@20"));
        m.put("recall@10", r.get("recall@10"));
        m.put("ndcg@10", r.get("ndcg@10"));
        m.put("coverage@20", r.get("coverage@20"));
        m.put("users_evaluated", r.usersEvaluated());
        m.put("seconds", seconds);
        m.putAll(extra);
        return m;
    }

    private static void print(String name, RankingEvaluator.Result r) {
        System.out.printf(
                Locale.ROOT, "%-10s recall@20 %.4f  ndcg@20 %.4f%n", name, r.get("recall@20"), r.get("ndcg@20"));
    }
}
