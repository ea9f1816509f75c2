package io.recsys.math.eval;

import io.recsys.math.CsrMatrix;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Full-ranking evaluation: for every user with test items, all items are scored, the user's train
 * items are removed, and the top k are compared with the test items. Averages over those users:
 * <ul>
 *   <li>{@code recall@k} = hits / |test items|;</li>
 *   <li>{@code precision@k} = hits / k;</li>
 *   <li>{@code hr@k} (hit rate) = 1 if any hit, else 0;</li>
 *   <li>{@code ndcg@k} = DCG / IDCG with binary relevance, DCG = Σ_{hits at rank r (1-based)} 1/log2(r+1),
 *   IDCG = Σ_{r=1..min(|test|, k)} 1/log2(r+1).</li>
 * </ul>
 * Over all users: {@code coverage@k} = distinct items recommended / all items, and
 * {@code popularity@k} = mean train popularity (number of train users) of the recommended items, a
 * measure of popularity bias.
 */
public final class RankingEvaluator {
    private static final int BLOCK = 128;

    private RankingEvaluator() {}

    public record Result(Map<String, Double> metrics, int usersEvaluated) {
        public double get(String name) {
            Double v = metrics.get(name);
            if (v == null) {
                throw new IllegalArgumentException("no metric " + name + "; have " + metrics.keySet());
            }
            return v;
        }
    }

    public static Result evaluate(ItemScorer scorer, CsrMatrix train, CsrMatrix test, int[] ks, int threads) {
        int items = scorer.items();
        if (train.cols() != items || test.cols() != items || train.rows() != test.rows()) {
            throw new IllegalArgumentException("train " + train.rows() + "x" + train.cols() + ", test " + test.rows()
                    + "x" + test.cols() + " and " + items + " scored items do not agree");
        }
        int[] sortedKs = Arrays.stream(ks).distinct().sorted().toArray();
        int maxK = sortedKs[sortedKs.length - 1];
        int[] popularity = train.columnCounts();
        int users = test.rows();
        int blocks = (users + BLOCK - 1) / BLOCK;
        double[][] sums = new double[blocks][];
        int[] evaluated = new int[blocks];
        boolean[][][] recommended = new boolean[blocks][][];
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, blocks).parallel().forEach(b -> {
                        float[] scores = new float[items];
                        int[] ranked = new int[maxK];
                        TopK top = new TopK(maxK);
                        double[] s = new double[sortedKs.length * 5];
                        boolean[][] seen = new boolean[sortedKs.length][items];
                        int n = 0;
                        int end = Math.min(users, (b + 1) * BLOCK);
                        for (int u = b * BLOCK; u < end; u++) {
                            int relevant = test.rowNnz(u);
                            if (relevant == 0) {
                                continue;
                            }
                            n++;
                            scorer.score(u, scores);
                            for (int q = train.rowStart(u); q < train.rowEnd(u); q++) {
                                scores[train.columnAt(q)] = Float.NEGATIVE_INFINITY;
                            }
                            top.clear();
                            for (int i = 0; i < items; i++) {
                                if (scores[i] != Float.NEGATIVE_INFINITY) {
                                    top.offer(i, scores[i]);
                                }
                            }
                            int got = top.drainBestFirst(ranked);
                            for (int ki = 0; ki < sortedKs.length; ki++) {
                                int k = sortedKs[ki];
                                int hits = 0;
                                double dcg = 0;
                                double pop = 0;
                                int shown = Math.min(k, got);
                                for (int r = 0; r < shown; r++) {
                                    int item = ranked[r];
                                    seen[ki][item] = true;
                                    pop += popularity[item];
                                    if (test.contains(u, item)) {
                                        hits++;
                                        dcg += 1.0 / log2(r + 2);
                                    }
                                }
                                double idcg = 0;
                                for (int r = 0; r < Math.min(relevant, k); r++) {
                                    idcg += 1.0 / log2(r + 2);
                                }
                                int o = ki * 5;
                                s[o] += (double) hits / relevant;
                                s[o + 1] += (double) hits / k;
                                s[o + 2] += hits > 0 ? 1 : 0;
                                s[o + 3] += dcg / idcg;
                                s[o + 4] += shown == 0 ? 0 : pop / shown;
                            }
                        }
                        sums[b] = s;
                        evaluated[b] = n;
                        recommended[b] = seen;
                    }))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("evaluation failed", e.getCause());
        } finally {
            pool.shutdown();
        }
        int n = Arrays.stream(evaluated).sum();
        Map<String, Double> m = new LinkedHashMap<>();
        for (int ki = 0; ki < sortedKs.length; ki++) {
            int k = sortedKs[ki];
            double[] total = new double[5];
            boolean[] covered = new boolean[items];
            for (int b = 0; b < blocks; b++) {
                for (int j = 0; j < 5; j++) {
                    total[j] += sums[b][ki * 5 + j];
                }
                boolean[] seen = recommended[b][ki];
                for (int i = 0; i < items; i++) {
                    covered[i] |= seen[i];
                }
            }
            int distinct = 0;
            for (boolean c : covered) {
                distinct += c ? 1 : 0;
            }
            double denominator = Math.max(1, n);
            m.put("recall@" + k, total[0] / denominator);
            m.put("precision@" + k, total[1] / denominator);
            m.put("hr@" + k, total[2] / denominator);
            m.put("ndcg@" + k, total[3] / denominator);
            m.put("popularity@" + k, total[4] / denominator);
            m.put("coverage@" + k, items == 0 ? 0 : (double) distinct / items);
        }
        return new Result(m, n);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
