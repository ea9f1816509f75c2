package io.recsys.data.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Shoppers who look at what serving recommends and act by their tastes, through serving's real
 * HTTP API: the demo of the online loop. Each shopper has a favourite category (known shoppers:
 * the one they rated highest in the raw data; fresh ones: drawn at random, and they first browse
 * two products of it, so fold-in has something to go on). A session asks for recommendations, then
 * for each shown item the shopper looks at it with a probability falling with its rank, clicks it
 * far more often when it is of the favourite category, puts some clicked items in the cart and
 * buys some of those; the events (with the answer's request id) are posted in one batch.
 */
public final class ShopperSimulator {
    /** Click probability of a looked-at item: of the favourite category, of another one. */
    static final double CLICK_FAVOURITE = 0.35;

    static final double CLICK_OTHER = 0.03;
    static final double CART_AFTER_CLICK = 0.4;
    static final double PURCHASE_AFTER_CART = 0.6;

    /** One shopper: who, their favourite category, whether the model knows them. */
    public record Shopper(String id, String favourite, boolean fresh) {}

    /** What the simulation did, as the run command and the tests read it. */
    public record Report(
            int sessions,
            int shoppers,
            int freshShoppers,
            long impressions,
            long shown,
            long clicks,
            long clicksOnFavourite,
            long addToCarts,
            long purchases,
            long eventsPosted,
            long eventsStored,
            long personalAnswers,
            long foldedInAnswers) {
        public double ctr() {
            return shown == 0 ? 0 : (double) clicks / shown;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI serving;
    private final String token;
    private final Map<String, String> categoryOf;
    private final Map<String, List<String>> productsByCategory;
    private final HttpClient http =
            // HTTP/1.1: no h2c upgrade round trip on every plain-http request
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    public ShopperSimulator(URI serving, String token, Map<String, String> categoryOf) {
        this.serving = serving;
        this.token = token;
        this.categoryOf = categoryOf;
        this.productsByCategory = new LinkedHashMap<>();
        categoryOf.forEach((p, c) ->
                productsByCategory.computeIfAbsent(c, x -> new ArrayList<>()).add(p));
    }

    /**
     * {@code sessions} rounds over every shopper, {@code pause} apart (shoppers come back later: the
     * replicas read new events every few seconds, so a fresh shopper's browsing can be folded in);
     * event ids derive from {@code seed} (a rerun resends them: stored once).
     */
    public Report run(List<Shopper> shoppers, int sessions, int k, long seed, Duration pause)
            throws IOException, InterruptedException {
        SplittableRandom rng = new SplittableRandom(seed);
        long impressions = 0;
        long shown = 0;
        long clicks = 0;
        long onFavourite = 0;
        long carts = 0;
        long purchases = 0;
        long posted = 0;
        long stored = 0;
        long personal = 0;
        long folded = 0;
        int fresh = 0;
        for (Shopper s : shoppers) {
            fresh += s.fresh() ? 1 : 0;
        }
        for (int session = 0; session < sessions; session++) {
            if (session > 0 && !pause.isZero()) {
                Thread.sleep(pause.toMillis());
            }
            for (Shopper s : shoppers) {
                List<Map<String, Object>> events = new ArrayList<>();
                String prefix = "sim-" + seed + "-" + s.id() + "-" + session + "-";
                if (s.fresh() && session == 0) {
                    List<String> own = productsByCategory.getOrDefault(s.favourite(), List.of());
                    for (int v = 0; v < 2 && !own.isEmpty(); v++) {
                        events.add(
                                event(prefix + "browse" + v, s.id(), own.get(rng.nextInt(own.size())), "view", null));
                    }
                    if (!events.isEmpty()) {
                        stored += post(events);
                        posted += events.size();
                        events.clear();
                    }
                    continue; // the first visit only browses: the next ones are recommended to
                }
                JsonNode answer = recommend(s.id(), k);
                impressions++;
                if (!answer.path("fallback").asBoolean(true)) {
                    personal++;
                }
                if (answer.path("folded_in").asBoolean(false)) {
                    folded++;
                }
                String requestId = answer.path("request_id").asText(null);
                int rank = 0;
                for (JsonNode item : answer.path("items")) {
                    rank++;
                    shown++;
                    String id = item.path("item_id").asText();
                    if (rng.nextDouble() > 1.0 / (1 + 0.3 * (rank - 1))) {
                        continue; // not looked at
                    }
                    boolean favourite = s.favourite().equals(categoryOf.get(id));
                    if (rng.nextDouble() >= (favourite ? CLICK_FAVOURITE : CLICK_OTHER)) {
                        continue;
                    }
                    clicks++;
                    onFavourite += favourite ? 1 : 0;
                    events.add(event(prefix + "click" + rank, s.id(), id, "click", requestId));
                    if (rng.nextDouble() < CART_AFTER_CLICK) {
                        carts++;
                        events.add(event(prefix + "cart" + rank, s.id(), id, "add_to_cart", requestId));
                        if (rng.nextDouble() < PURCHASE_AFTER_CART) {
                            purchases++;
                            events.add(event(prefix + "buy" + rank, s.id(), id, "purchase", requestId));
                        }
                    }
                }
                if (!events.isEmpty()) {
                    stored += post(events);
                    posted += events.size();
                }
            }
        }
        return new Report(
                sessions,
                shoppers.size(),
                fresh,
                impressions,
                shown,
                clicks,
                onFavourite,
                carts,
                purchases,
                posted,
                stored,
                personal,
                folded);
    }

    private static Map<String, Object> event(String id, String user, String item, String type, String requestId) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event_id", id);
        e.put("user_id", user);
        e.put("item_id", item);
        e.put("type", type);
        if (requestId != null) {
            e.put("request_id", requestId);
        }
        e.put("timestamp", Instant.now().toString());
        return e;
    }

    private JsonNode recommend(String user, int k) throws IOException, InterruptedException {
        URI uri = serving.resolve("/api/v1/recommendations/"
                + URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20") + "?k=" + k);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** @return how many of the batch serving stored (the rest were resends) */
    private long post(List<Map<String, Object>> events) throws IOException, InterruptedException {
        URI uri = serving.resolve("/api/v1/events");
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(events)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IOException("POST " + uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("stored").asLong();
    }
}
