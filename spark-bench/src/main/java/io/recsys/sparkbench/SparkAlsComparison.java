package io.recsys.sparkbench;

import io.recsys.bench.gowalla.BenchArgs;
import io.recsys.math.CsrMatrix;
import io.recsys.math.Factors;
import io.recsys.math.als.ImplicitAls;
import io.recsys.math.eval.FactorScorer;
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
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Our ALS next to Spark MLlib's ALS (implicitPrefs) on the Gowalla split, same rank, iterations,
 * λ, α, seed and core count (local[N]); both evaluated by our full-ranking evaluator. Spark scales
 * λ by each row's number of ratings, so ours runs with {@code scaleRegularization=true} here.
 * Run with {@code bench/spark-comparison.sh}.
 */
public final class SparkAlsComparison {

    private SparkAlsComparison() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("data", "../shared/datasets/gowalla-lightgcn");
        d.put("rank", "64");
        d.put("iterations", "15");
        d.put("regularization", "1.0");
        d.put("alpha", "40");
        d.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        d.put("seed", "42");
        d.put("report", "bench/results/spark-comparison.json");
        Map<String, String> o = BenchArgs.parse(args, d);
        GowallaSplit split = GowallaSplit.load(Path.of(o.get("data")));
        CsrMatrix train = split.train();
        CsrMatrix test = split.test();
        int rank = Integer.parseInt(o.get("rank"));
        int iterations = Integer.parseInt(o.get("iterations"));
        double lambda = Double.parseDouble(o.get("regularization"));
        double alpha = Double.parseDouble(o.get("alpha"));
        int cores = Integer.parseInt(o.get("cores"));
        long seed = Long.parseLong(o.get("seed"));
        int[] ks = {20};

        // Ours.
        ImplicitAls.Params p = new ImplicitAls.Params(rank, lambda, alpha, ImplicitAls.Solver.CONJUGATE_GRADIENT, 3,
                true, seed, cores);
        double oursSeconds;
        RankingEvaluator.Result ours;
        try (ImplicitAls als = new ImplicitAls(p, train)) {
            long t = System.nanoTime();
            for (int it = 0; it < iterations; it++) {
                als.iterate();
            }
            oursSeconds = (System.nanoTime() - t) / 1e9;
            ours = RankingEvaluator.evaluate(new FactorScorer(als.userFactors(), als.itemFactors()), train, test, ks,
                    cores);
        }
        System.out.printf(Locale.ROOT, "ours:  %.2f s, recall@20 %.4f, ndcg@20 %.4f%n", oursSeconds,
                ours.get("recall@20"), ours.get("ndcg@20"));

        // Spark.
        SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("als-comparison")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", Integer.toString(cores))
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        List<Row> rows = new ArrayList<>(train.nnz());
        for (int u = 0; u < train.rows(); u++) {
            for (int q = train.rowStart(u); q < train.rowEnd(u); q++) {
                rows.add(RowFactory.create(u, train.columnAt(q), 1.0f));
            }
        }
        StructType schema = new StructType().add("user", DataTypes.IntegerType).add("item", DataTypes.IntegerType)
                .add("rating", DataTypes.FloatType);
        Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(cores).cache();
        df.count();
        ALS als = new ALS().setRank(rank).setMaxIter(iterations).setRegParam(lambda).setAlpha(alpha)
                .setImplicitPrefs(true).setSeed(seed).setUserCol("user").setItemCol("item").setRatingCol("rating")
                .setNumUserBlocks(cores).setNumItemBlocks(cores);
        long t = System.nanoTime();
        ALSModel model = als.fit(df);
        Factors users = toFactors(model.userFactors(), train.rows(), rank);
        Factors items = toFactors(model.itemFactors(), train.cols(), rank);
        double sparkSeconds = (System.nanoTime() - t) / 1e9;
        RankingEvaluator.Result theirs = RankingEvaluator.evaluate(new FactorScorer(users, items), train, test, ks, cores);
        spark.stop();
        System.out.printf(Locale.ROOT, "spark: %.2f s, recall@20 %.4f, ndcg@20 %.4f%n", sparkSeconds,
                theirs.get("recall@20"), theirs.get("ndcg@20"));
        System.out.printf(Locale.ROOT, "speed-up: %.1fx%n", sparkSeconds / oursSeconds);

        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"benchmark\": \"als-vs-spark-mllib\",\n");
        json.append("  \"command\": \"bench/spark-comparison.sh ").append(String.join(" ", args)).append("\",\n");
        json.append("  \"date\": \"").append(Instant.now()).append("\",\n");
        json.append("  \"cores\": ").append(cores).append(",\n");
        json.append(String.format(Locale.ROOT, "  \"settings\": {\"rank\": %d, \"iterations\": %d, \"regularization\": %s,"
                + " \"alpha\": %s, \"regularization_scaled_by_row_count\": true},%n", rank, iterations, lambda, alpha));
        json.append(String.format(Locale.ROOT, "  \"ours\": {\"train_seconds\": %.3f, \"recall@20\": %.5f, \"ndcg@20\": %.5f},%n",
                oursSeconds, ours.get("recall@20"), ours.get("ndcg@20")));
        json.append(String.format(Locale.ROOT, "  \"spark_mllib\": {\"version\": \"%s\", \"train_seconds\": %.3f,"
                        + " \"recall@20\": %.5f, \"ndcg@20\": %.5f},%n", spark.version(), sparkSeconds,
                theirs.get("recall@20"), theirs.get("ndcg@20")));
        json.append(String.format(Locale.ROOT, "  \"speedup\": %.2f%n}%n", sparkSeconds / oursSeconds));
        Path out = Path.of(o.get("report"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json.toString());
    }

    /** Spark's (id, features) rows into a dense table; ids it never saw keep zero vectors. */
    private static Factors toFactors(Dataset<Row> factors, int rows, int k) {
        Factors f = Factors.zeros(rows, k);
        for (Row r : factors.collectAsList()) {
            int id = r.getInt(0);
            List<Float> v = r.getList(1);
            for (int j = 0; j < k; j++) {
                f.data()[id * k + j] = v.get(j);
            }
        }
        return f;
    }
}
