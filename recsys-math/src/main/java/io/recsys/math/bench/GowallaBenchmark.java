package io.recsys.math.bench;

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

    private GowallaBenchmark() {
    }

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
        if (models.contains("bpr")) {
            Bpr.Params p = new Bpr.Params(Integer.parseInt(o.get("bpr.factors")),
                    Double.parseDouble(o.get("bpr.learning-rate")), Double.parseDouble(o.get("bpr.regularization")),
                    0.0, seed, threads);
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
                System.out.printf(Locale.ROOT, "  bpr: %.2f million samples per second%n", samples / trainSeconds / 1e6);
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
        System.out.printf(Locale.ROOT, "%-10s recall@20 %.4f  ndcg@20 %.4f%n", name, r.get("recall@20"), r.get("ndcg@20"));
    }
}
