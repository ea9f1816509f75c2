package io.recsys.data.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes seed-format demo data with the structure real shop data has, deterministically for a seed:
 * <ul>
 *   <li>Zipf-like item popularity within and across categories;</li>
 *   <li>heavy-tailed user activity (Pareto weights: many one-off buyers, a few heavy ones);</li>
 *   <li>latent tastes: each user prefers one or two categories and rates them higher, so collaborative
 *   filtering has signal beyond popularity;</li>
 *   <li>Vietnamese product names and comments whose keywords feed the comment-quality score;</li>
 *   <li>six months of timestamps, a staging batch one week later (new users and products included),
 *   and a few bad rows of each kind validation must catch.</li>
 * </ul>
 */
public final class DemoDataGenerator {

    /** Sizes and seed of one demo data set. */
    public record Spec(int interactions, int users, int items, int stagingRows, double badRowShare, long seed) {
        public Spec {
            if (interactions < 100 || users < 10 || items < 10) {
                throw new IllegalArgumentException("demo data needs at least 100 interactions, 10 users and 10 items");
            }
        }

        public static Spec ofInteractions(int interactions, long seed) {
            return new Spec(
                    interactions, Math.max(10, interactions / 12), Math.max(10, interactions / 40), 60, 0.005, seed);
        }
    }

    /** What was written. */
    public record Written(Path interactions, Path products, Path staging, int rows, int badRows, int stagingRows) {}

    static final String[] CATEGORIES = {
        "Sữa rửa mặt", "Kem dưỡng ẩm", "Serum", "Son môi", "Kem chống nắng", "Dầu gội", "Nước tẩy trang", "Mặt nạ"
    };
    private static final String[] BRANDS = {
        "Cetaphil",
        "La Roche-Posay",
        "Innisfree",
        "Bioderma",
        "Senka",
        "Hada Labo",
        "Some By Mi",
        "Cocoon",
        "Thorakao",
        "Laneige",
        "Simple",
        "Klairs",
        "Vichy",
        "Garnier"
    };
    private static final String[] VARIANTS = {
        "dịu nhẹ",
        "cấp ẩm",
        "kiềm dầu",
        "làm sáng",
        "phục hồi",
        "trà xanh",
        "rau má",
        "nghệ",
        "bí đao",
        "hoa hồng",
        "vitamin C",
        "B5"
    };
    private static final String[] SIZES = {"30ml", "50ml", "100ml", "125ml", "150ml", "200ml", "400ml"};
    private static final String[] POSITIVE = {
        "Sản phẩm rất tốt, thấm nhanh",
        "Mùi thơm, da mịn hơn hẳn",
        "Dùng hiệu quả, sáng da sau 2 tuần",
        "Dưỡng ẩm tốt, sẽ mua lại",
        "Đóng gói đẹp, giao hàng nhanh",
        "Chất kem mịn, thơm nhẹ",
        "Rất hài lòng"
    };
    private static final String[] NEUTRAL = {
        "Tạm được", "Bình thường, chưa thấy hiệu quả rõ", "Giao hàng hơi chậm", "Dùng ổn", ""
    };
    private static final String[] NEGATIVE = {
        "Không thích mùi này",
        "Dùng bị kích ứng, tệ",
        "Chất lượng kém",
        "Nghi hàng giả",
        "Sản phẩm dở, không như quảng cáo"
    };
    private static final DateTimeFormatter RAW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final long START = LocalDateTime.of(2025, 5, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long DAYS = 184;
    private static final long STAGING_START = START + DAYS * 86400 + 86400;

    private final Spec spec;

    public DemoDataGenerator(Spec spec) {
        this.spec = spec;
    }

    public Written write(Path home) throws IOException {
        SplittableRandom root = new SplittableRandom(spec.seed());
        SplittableRandom catalogRng = root.split();
        SplittableRandom userRng = root.split();
        SplittableRandom eventRng = root.split();
        SplittableRandom stagingRng = root.split();

        int items = spec.items();
        int newItems = 2;
        int[] category = new int[items + newItems];
        double[] itemWeight = new double[items + newItems];
        int[] perm = permutation(items, catalogRng);
        for (int i = 0; i < items + newItems; i++) {
            category[i] = catalogRng.nextInt(CATEGORIES.length);
            itemWeight[i] = i < items ? 1.0 / Math.pow(perm[i] + 1, 0.9) : 0.0;
        }
        double[][] catCum = new double[CATEGORIES.length][];
        int[][] catItems = new int[CATEGORIES.length][];
        for (int c = 0; c < CATEGORIES.length; c++) {
            final int cc = c;
            catItems[c] = java.util.stream.IntStream.range(0, items)
                    .filter(i -> category[i] == cc)
                    .toArray();
            catCum[c] = cumulative(catItems[c], itemWeight);
        }
        int[] all = java.util.stream.IntStream.range(0, items).toArray();
        double[] allCum = cumulative(all, itemWeight);

        Path rawDir = Files.createDirectories(home.resolve("raw"));
        Path products = rawDir.resolve("data_product.csv");
        // The last new product is not in the catalogue yet: its staging rows show the UNKNOWN_PRODUCT quarantine.
        writeProducts(products, category, items + newItems - 1, catalogRng);

        int users = spec.users();
        int[] favourite = new int[users];
        int[] second = new int[users];
        double[] activity = new double[users];
        boolean[] oneOff = new boolean[users];
        double activitySum = 0;
        int oneOffs = 0;
        for (int u = 0; u < users; u++) {
            favourite[u] = userRng.nextInt(CATEGORIES.length);
            second[u] = userRng.nextInt(CATEGORIES.length);
            // A fifth of shoppers buy once (the cold-start users); the rest follow a Pareto tail.
            oneOff[u] = userRng.nextDouble() < 0.2;
            activity[u] = oneOff[u] ? 0 : Math.pow(1 - userRng.nextDouble(), -1.0 / 1.2);
            activitySum += activity[u];
            oneOffs += oneOff[u] ? 1 : 0;
        }
        int[] count = new int[users];
        int assigned = 0;
        for (int u = 0; u < users; u++) {
            count[u] = oneOff[u]
                    ? 1
                    : Math.max(1, (int) Math.round(activity[u] / activitySum * (spec.interactions() - oneOffs)));
            assigned += count[u];
        }
        // Fix the total by trimming or topping up the heaviest users.
        Integer[] byActivity = java.util.stream.IntStream.range(0, users)
                .boxed()
                .sorted((a, b) -> Double.compare(activity[b], activity[a]))
                .toArray(Integer[]::new);
        for (int k = 0; assigned != spec.interactions(); k = (k + 1) % Math.max(1, users / 10)) {
            int u = byActivity[k];
            if (assigned > spec.interactions() && count[u] > 1) {
                count[u]--;
                assigned--;
            } else if (assigned < spec.interactions()) {
                count[u]++;
                assigned++;
            }
        }

        int n = spec.interactions();
        int[] evUser = new int[n];
        int[] evItem = new int[n];
        int[] evRating = new int[n];
        long[] evTime = new long[n];
        int e = 0;
        for (int u = 0; u < users; u++) {
            long userStart = START + (long) (eventRng.nextDouble() * DAYS * 0.7 * 86400);
            for (int k = 0; k < count[u]; k++) {
                int item = pickItem(u, favourite, second, catItems, catCum, all, allCum, eventRng);
                evUser[e] = u;
                evItem[e] = item;
                evRating[e] = rating(category[item] == favourite[u], category[item] == second[u], eventRng);
                evTime[e] = userStart + (long) (eventRng.nextDouble() * (START + DAYS * 86400 - userStart));
                e++;
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order, (a, b) -> evTime[a] != evTime[b] ? Long.compare(evTime[a], evTime[b]) : Integer.compare(a, b));

        Path interactions = rawDir.resolve("data_reviews_purchase.csv");
        int bad = 0;
        int badEvery =
                spec.badRowShare() <= 0 ? Integer.MAX_VALUE : (int) Math.max(2, Math.round(1 / spec.badRowShare()));
        try (BufferedWriter w = Files.newBufferedWriter(interactions, StandardCharsets.UTF_8);
                CSVPrinter out = new CSVPrinter(
                        w,
                        CSVFormat.DEFAULT
                                .builder()
                                .setHeader("user_id", "product_id", "rating", "comment", "cmt_date")
                                .setRecordSeparator("\n")
                                .get())) {
            String[] previous = null;
            for (int k = 0; k < n; k++) {
                int ev = order[k];
                String[] row = {
                    userId(evUser[ev]),
                    productId(evItem[ev]),
                    Integer.toString(evRating[ev]),
                    comment(evRating[ev], eventRng),
                    RAW_TIME.format(LocalDateTime.ofEpochSecond(evTime[ev], 0, ZoneOffset.UTC))
                };
                if (k > 0 && k % badEvery == 0) {
                    out.printRecord((Object[]) corrupt(row, previous, bad++));
                }
                out.printRecord((Object[]) row);
                previous = row;
            }
        }

        Path stagingDir = Files.createDirectories(home.resolve("staging"));
        Path staging = stagingDir.resolve("new_interactions.csv");
        int stagingRows = spec.stagingRows();
        try (BufferedWriter w = Files.newBufferedWriter(staging, StandardCharsets.UTF_8);
                CSVPrinter out = new CSVPrinter(
                        w,
                        CSVFormat.DEFAULT
                                .builder()
                                .setHeader("user_id", "product_id", "rating", "comment", "timestamp")
                                .setRecordSeparator("\n")
                                .get())) {
            for (int k = 0; k < stagingRows; k++) {
                int u;
                int item;
                if (k < 6) { // three new users with two purchases each: trainable at once
                    u = users + k / 2;
                    item = pickItem(0, favourite, second, catItems, catCum, all, allCum, stagingRng);
                } else {
                    u = stagingRng.nextInt(users);
                    item = k < 10
                            ? items + (k % newItems) // new products
                            : pickItem(u, favourite, second, catItems, catCum, all, allCum, stagingRng);
                }
                boolean fav = u < users && category[item] == favourite[u];
                int r = rating(fav, u < users && category[item] == second[u], stagingRng);
                long t = STAGING_START + (long) (stagingRng.nextDouble() * 6 * 86400);
                String ts = java.time.Instant.ofEpochSecond(t).toString();
                String[] row = {userId(u), productId(item), Integer.toString(r), comment(r, stagingRng), ts};
                if (k == stagingRows - 1) {
                    row[2] = "7"; // out of range: quarantined
                } else if (k == stagingRows - 2) {
                    row[1] = ""; // missing product: quarantined
                }
                out.printRecord((Object[]) row);
            }
        }
        return new Written(interactions, products, staging, n, bad, stagingRows);
    }

    private void writeProducts(Path file, int[] category, int count, SplittableRandom rng) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter out = new CSVPrinter(
                        w,
                        CSVFormat.DEFAULT
                                .builder()
                                .setHeader(
                                        "product_id",
                                        "product_name",
                                        "brand",
                                        "category",
                                        "price",
                                        "processed_description",
                                        "feature")
                                .setRecordSeparator("\n")
                                .get())) {
            for (int i = 0; i < count; i++) {
                String brand = BRANDS[rng.nextInt(BRANDS.length)];
                String variant = VARIANTS[rng.nextInt(VARIANTS.length)];
                String cat = CATEGORIES[category[i]];
                String name = cat + " " + brand + " " + variant + " " + SIZES[rng.nextInt(SIZES.length)];
                int price = (50 + rng.nextInt(60)) * 5000;
                String description =
                        cat.toLowerCase(Locale.ROOT) + " " + variant + " dành cho mọi loại da, chiết xuất tự nhiên";
                String feature = "thương hiệu " + brand + "; " + variant;
                out.printRecord(productId(i), name, brand, cat, price, description, feature);
            }
        }
    }

    private static int pickItem(
            int u,
            int[] favourite,
            int[] second,
            int[][] catItems,
            double[][] catCum,
            int[] all,
            double[] allCum,
            SplittableRandom rng) {
        double p = rng.nextDouble();
        int c = p < 0.65 ? favourite[u] : p < 0.85 ? second[u] : -1;
        if (c >= 0 && catItems[c].length > 0) {
            return catItems[c][sample(catCum[c], rng)];
        }
        return all[sample(allCum, rng)];
    }

    private static int rating(boolean favourite, boolean secondChoice, SplittableRandom rng) {
        double mean = favourite ? 4.5 : secondChoice ? 4.0 : 3.2;
        double r = mean + rng.nextGaussian() * 0.9;
        return (int) Math.max(1, Math.min(5, Math.round(r)));
    }

    private static String comment(int rating, SplittableRandom rng) {
        if (rng.nextDouble() < 0.35) {
            return "";
        }
        String[] pool = rating >= 4 ? POSITIVE : rating == 3 ? NEUTRAL : NEGATIVE;
        return pool[rng.nextInt(pool.length)];
    }

    private static String[] corrupt(String[] row, String[] previous, int k) {
        String[] bad = row.clone();
        switch (k % 6) {
            case 0 -> bad[2] = "6";
            case 1 -> bad[2] = "năm sao";
            case 2 -> bad[0] = "";
            case 3 -> bad[4] = "2025-13-45 25:00:00";
            case 4 -> bad[4] = "2099-01-01 00:00:00";
            default -> {
                return previous == null ? bad : previous.clone(); // exact duplicate of the row before
            }
        }
        return bad;
    }

    static String userId(int u) {
        return Integer.toString(10001 + u);
    }

    static String productId(int i) {
        return Integer.toString(200001 + i);
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static double[] cumulative(int[] ids, double[] weight) {
        double[] cum = new double[ids.length];
        double s = 0;
        for (int k = 0; k < ids.length; k++) {
            s += weight[ids[k]];
            cum[k] = s;
        }
        return cum;
    }

    private static int sample(double[] cum, SplittableRandom rng) {
        double x = rng.nextDouble() * cum[cum.length - 1];
        int i = Arrays.binarySearch(cum, x);
        return i >= 0 ? i : Math.min(cum.length - 1, -i - 1);
    }
}
