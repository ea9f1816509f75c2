package io.recsys.data.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated shoppers' behaviour, against a recording HTTP endpoint shaped like serving's: they
 * click by taste, attribute their events to the answer, and fresh ones browse before they are
 * recommended to. (The run command plays them against real serving replicas.)
 */
class ShopperSimulatorTest {
    static {
        // The JDK server writes headers and body apart: without TCP_NODELAY each answer waits out a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<JsonNode> posted = Collections.synchronizedList(new ArrayList<>());
    private final List<String> asked = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Every answer: f0..f4 (category "fav") interleaved with o0..o4 (category "other"). */
    private URI serving() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/recommendations/", x -> {
            asked.add(x.getRequestURI().getPath());
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                items.add(Map.of("item_id", "f" + i, "score", 1.0));
                items.add(Map.of("item_id", "o" + i, "score", 1.0));
            }
            byte[] body = JSON.writeValueAsBytes(
                    Map.of("fallback", false, "request_id", "req-" + asked.size(), "items", items));
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.createContext("/api/v1/events", x -> {
            String auth = x.getRequestHeaders().getFirst("Authorization");
            JsonNode batch = JSON.readTree(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status = "Bearer t0ken".equals(auth) ? 202 : 401;
            if (status == 202) {
                batch.forEach(posted::add);
            }
            byte[] body = ("{\"stored\":" + batch.size() + "}").getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static Map<String, String> catalogue() {
        Map<String, String> c = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            c.put("f" + i, "fav");
            c.put("o" + i, "other");
        }
        return c;
    }

    @Test
    void shoppersClickTheirFavouriteCategoryFarMoreAndTieTheirEventsToTheAnswer() throws Exception {
        List<ShopperSimulator.Shopper> cast = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            cast.add(new ShopperSimulator.Shopper("u" + i, "fav", false));
        }
        ShopperSimulator.Report r =
                new ShopperSimulator(serving(), "t0ken", catalogue()).run(cast, 2, 10, 3, Duration.ZERO);
        assertThat(r.impressions()).isEqualTo(300);
        assertThat(r.shown()).isEqualTo(3000);
        assertThat(r.clicks()).isPositive();
        // 35 % against 3 % per looked-at item: more than four in five clicks are on the favourite
        assertThat((double) r.clicksOnFavourite() / r.clicks()).isGreaterThan(0.8);
        assertThat(r.purchases()).isPositive().isLessThanOrEqualTo(r.addToCarts());
        assertThat(r.eventsPosted())
                .isEqualTo(r.clicks() + r.addToCarts() + r.purchases())
                .isEqualTo(posted.size());
        assertThat(posted).allSatisfy(e -> {
            assertThat(e.path("request_id").asText()).startsWith("req-");
            assertThat(e.path("type").asText()).isIn("click", "add_to_cart", "purchase");
        });
        assertThat(posted.stream()
                        .map(e -> e.path("event_id").asText())
                        .distinct()
                        .count())
                .as("every event its own id")
                .isEqualTo(posted.size());
    }

    @Test
    void freshShoppersBrowseTheirCategoryFirstAndAreRecommendedToAfter() throws Exception {
        List<ShopperSimulator.Shopper> cast = List.of(new ShopperSimulator.Shopper("sim-fresh-1", "fav", true));
        ShopperSimulator.Report r =
                new ShopperSimulator(serving(), "t0ken", catalogue()).run(cast, 3, 10, 5, Duration.ZERO);
        assertThat(r.freshShoppers()).isEqualTo(1);
        assertThat(r.impressions()).as("sessions 2 and 3").isEqualTo(2);
        List<JsonNode> views = posted.stream()
                .filter(e -> e.path("type").asText().equals("view"))
                .toList();
        assertThat(views).hasSize(2).allSatisfy(v -> {
            assertThat(v.path("item_id").asText()).startsWith("f");
            assertThat(v.has("request_id")).isFalse();
        });
    }

    @Test
    void aRefusedBatchStopsTheSimulationSayingWhy() throws Exception {
        List<ShopperSimulator.Shopper> cast = List.of(new ShopperSimulator.Shopper("sim-fresh-2", "fav", true));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new ShopperSimulator(serving(), "wrong", catalogue()).run(cast, 2, 10, 5, Duration.ZERO))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("/api/v1/events answered 401");
    }
}
