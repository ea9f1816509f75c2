package io.recsys.data.demo;

import io.recsys.core.config.PipelineConfig;
import io.recsys.core.runner.CommandHandler;
import io.recsys.core.stage.ExitCode;
import io.recsys.core.stage.InvalidInvocationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code simulate-shoppers --serving URL [--home DIR] [--shoppers N] [--sessions N] [--fresh-share F]
 * [--k N] [--seed S] [--pause-seconds N]}: plays shoppers of the demo data against a serving replica (see
 * {@link ShopperSimulator}). Known shoppers' favourite categories come from the demo's raw
 * interactions (the category they rated four stars or more most often), fresh shoppers' at random.
 * The API token is {@code recsys.api.token}. Exit 2 for a bad option, 4 when serving cannot be reached
 * or refuses.
 */
@ApplicationScoped
public class SimulateShoppersCommand implements CommandHandler {
    private static final Set<String> OPTIONS =
            Set.of("serving", "home", "shoppers", "sessions", "fresh-share", "k", "seed", "pause-seconds");

    /** The demo files' layout: comma-separated, a header naming the columns. */
    private static final CSVFormat WITH_HEADER =
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

    private final PipelineConfig config;

    public SimulateShoppersCommand(PipelineConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "simulate-shoppers";
    }

    @Override
    public String usage() {
        return "--serving URL [--home DIR] [--shoppers N] [--sessions N] [--fresh-share F] [--k N] [--seed S]"
                + " [--pause-seconds N]"
                + "  play demo shoppers against serving (recommendations in, events out)";
    }

    @Override
    public int run(List<String> args) throws Exception {
        Map<String, String> o = parse(args);
        if (!o.containsKey("serving")) {
            throw new InvalidInvocationException("simulate-shoppers: --serving URL is required");
        }
        URI serving;
        try {
            serving = URI.create(o.get("serving"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInvocationException("--serving is not a URL: " + o.get("serving"));
        }
        if (serving.getScheme() == null || !serving.getScheme().startsWith("http")) {
            throw new InvalidInvocationException("--serving must be an http(s) URL, got " + o.get("serving"));
        }
        Path home = Path.of(o.getOrDefault("home", config.home().toString()));
        int shoppers = (int) DemoOptions.number(o, "shoppers", 200, 1, 100_000);
        int sessions = (int) DemoOptions.number(o, "sessions", 3, 2, 100);
        double freshShare = fraction(o, "fresh-share", 0.3);
        int k = (int) DemoOptions.number(o, "k", 10, 1, 100);
        long seed = DemoOptions.number(o, "seed", 7, Long.MIN_VALUE, Long.MAX_VALUE);
        long pause = DemoOptions.number(o, "pause-seconds", 3, 0, 3600);

        Path products = home.resolve("raw/data_product.csv");
        Path interactions = home.resolve("raw/data_reviews_purchase.csv");
        for (Path p : List.of(products, interactions)) {
            if (!Files.isReadable(p)) {
                throw new InvalidInvocationException(
                        p + " is not readable: simulate-shoppers plays the demo data (run generate-demo first)");
            }
        }
        Map<String, String> categoryOf = categories(products);
        List<ShopperSimulator.Shopper> cast =
                cast(favourites(interactions, categoryOf), categoryOf, shoppers, freshShare, seed);
        ShopperSimulator.Report r = new ShopperSimulator(
                        serving, config.api().token().orElse(null), categoryOf)
                .run(cast, sessions, k, seed, java.time.Duration.ofSeconds(pause));
        System.out.printf(
                Locale.ROOT,
                "%d shoppers (%d fresh), %d sessions: %d answers (%d personal, %d folded in), %d items shown,"
                        + " %d clicks (CTR %.1f%%, %d on the favourite category), %d add-to-carts, %d purchases;"
                        + " %d events posted, %d stored%n",
                r.shoppers(),
                r.freshShoppers(),
                r.sessions(),
                r.impressions(),
                r.personalAnswers(),
                r.foldedInAnswers(),
                r.shown(),
                r.clicks(),
                100 * r.ctr(),
                r.clicksOnFavourite(),
                r.addToCarts(),
                r.purchases(),
                r.eventsPosted(),
                r.eventsStored());
        return ExitCode.OK.code();
    }

    private static Map<String, String> categories(Path products) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(products, StandardCharsets.UTF_8)) {
            for (CSVRecord r : WITH_HEADER.parse(in)) {
                out.put(r.get("product_id"), r.get("category"));
            }
        }
        return out;
    }

    /** Each known shopper's most often highly rated category. */
    private static Map<String, String> favourites(Path interactions, Map<String, String> categoryOf)
            throws IOException {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(interactions, StandardCharsets.UTF_8)) {
            for (CSVRecord r : WITH_HEADER.parse(in)) {
                String category = categoryOf.get(r.get("product_id"));
                if (category == null
                        || !r.isConsistent()
                        || !r.get("rating").trim().matches("[4-5](\\.0)?")) {
                    continue; // the demo's deliberately bad rows and the low ratings say nothing of taste
                }
                counts.computeIfAbsent(r.get("user_id"), u -> new HashMap<>()).merge(category, 1, Integer::sum);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        counts.forEach((u, c) -> out.put(
                u,
                c.entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .orElseThrow()
                        .getKey()));
        return out;
    }

    private static List<ShopperSimulator.Shopper> cast(
            Map<String, String> known, Map<String, String> categoryOf, int n, double freshShare, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> ids = new ArrayList<>(known.keySet());
        List<String> categories =
                categoryOf.values().stream().distinct().sorted().toList();
        List<ShopperSimulator.Shopper> out = new ArrayList<>();
        int fresh = (int) Math.round(n * freshShare);
        for (int i = 0; i < n - fresh && !ids.isEmpty(); i++) {
            String id = ids.remove(rng.nextInt(ids.size()));
            out.add(new ShopperSimulator.Shopper(id, known.get(id), false));
        }
        for (int i = 0; i < fresh; i++) {
            out.add(new ShopperSimulator.Shopper(
                    "sim-fresh-" + seed + "-" + i, categories.get(rng.nextInt(categories.size())), true));
        }
        return out;
    }

    private static Map<String, String> parse(List<String> args) throws InvalidInvocationException {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || !OPTIONS.contains(a.substring(2))) {
                throw new InvalidInvocationException("simulate-shoppers: unknown argument '" + a + "' (options: --"
                        + String.join(", --", OPTIONS.stream().sorted().toList()) + ")");
            }
            if (i + 1 >= args.size()) {
                throw new InvalidInvocationException(a + " needs a value");
            }
            o.put(a.substring(2), args.get(++i));
        }
        return o;
    }

    private static double fraction(Map<String, String> o, String key, double def) throws InvalidInvocationException {
        String v = o.get(key);
        if (v == null) {
            return def;
        }
        try {
            double d = Double.parseDouble(v);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidInvocationException("--" + key + " must be a number in [0, 1], got '" + v + "'");
    }
}
