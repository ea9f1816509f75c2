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

/** Plain HTTP to one serving replica at the URL it advertises. */
@ApplicationScoped
public class ReplicaClient {
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
