package io.recsys.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Users asking the replicas for recommendations, non-stop, while deployments happen. */
final class RequestLoop implements AutoCloseable {
    final AtomicLong requests = new AtomicLong();
    final ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    RequestLoop(List<String> baseUrls, List<String> users) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ObjectMapper json = new ObjectMapper();
        thread = new Thread(
                () -> {
                    int i = 0;
                    while (running.get()) {
                        String url = baseUrls.get(i % baseUrls.size()) + "/api/v1/recommendations/"
                                + users.get(i % users.size()) + "?k=2";
                        i++;
                        try {
                            HttpResponse<String> r = http.send(
                                    HttpRequest.newBuilder(URI.create(url))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            requests.incrementAndGet();
                            JsonNode body = r.statusCode() == 200 ? json.readTree(r.body()) : null;
                            if (r.statusCode() >= 500
                                    || body == null
                                    || body.path("items").isEmpty()) {
                                bad.add(url + " -> " + r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            if (running.get()) {
                                bad.add(url + " -> " + e);
                            }
                        }
                    }
                },
                "request-loop");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
