package io.recsys.deploy.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.deploy.config.DeployConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Plain HTTP to one serving replica at the URL it advertises. Every request says it is a probe
 * ({@link #PROBE_HEADER}), so serving records no impression of it: a smoke test's answers are
 * nobody's, and counting them would lower the CTR of the arm it checked.
 */
@ApplicationScoped
public class ReplicaClient {
    /** The header serving reads to leave an answer out of the impressions and the canary's arms. */
    public static final String PROBE_HEADER = "X-Recsys-Probe";

    /** A replica's answer: status, parsed body (null when not JSON), and how long it took. */
    public record Reply(int status, JsonNode body, double latencyMs) {}

    private final HttpClient http;
    private final ObjectMapper json;
    private final DeployConfig config;

    public ReplicaClient(ObjectMapper json, DeployConfig config) {
        this.json = json;
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.smoke().requestTimeout())
                .build();
    }

    public Reply health(String baseUrl) throws Exception {
        return get(baseUrl + "/health");
    }

    public Reply recommend(String baseUrl, String userId, int k) throws Exception {
        return get(baseUrl + "/api/v1/recommendations/"
                + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20") + "?k=" + k);
    }

    private Reply get(String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.smoke().requestTimeout())
                .header("Accept", "application/json")
                .header(PROBE_HEADER, "deploy-smoke")
                .GET()
                .build();
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - started) / 1e6;
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (Exception e) {
            body = null;
        }
        return new Reply(response.statusCode(), body, ms);
    }
}
